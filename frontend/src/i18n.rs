//! Every user-facing string of the widget: Vietnamese first, English second.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Lang {
        if s == "en" { Lang::En } else { Lang::Vi }
    }
}

#[derive(Debug)]
pub struct Strings {
    pub default_title: &'static str,
    pub close: &'static str,
    pub input_label: &'static str,
    pub placeholder: &'static str,
    pub send: &'static str,
    pub welcome: &'static str,
    pub searching: &'static str,
    pub network_error: &'static str,
    pub kind_procedure: &'static str,
    pub kind_faq: &'static str,
    pub agency: &'static str,
    pub processing_time: &'static str,
    pub fees: &'static str,
    pub documents: &'static str,
    pub steps: &'static str,
    pub file_online: &'static str,
    pub legal_basis: &'static str,
    pub decision: &'static str,
    pub field: &'static str,
    pub source: &'static str,
    pub sample_notice: &'static str,
    pub hotline: &'static str,
    pub not_stated: &'static str,
    pub suggestions: &'static str,
    pub escalate: &'static str,
    pub see_also: &'static str,
    pub ask_more: &'static str,
    pub online_discount: &'static str,
    pub content_version: &'static str,
    pub full_card: &'static str,
    pub helpful: &'static str,
    pub not_helpful: &'static str,
    pub was_helpful: &'static str,
    pub thanks_feedback: &'static str,
    pub ticket_title: &'static str,
    pub field_name: &'static str,
    pub field_phone: &'static str,
    pub field_email: &'static str,
    pub field_question: &'static str,
    pub field_contact_time: &'static str,
    pub consent: &'static str,
    pub ticket_submit: &'static str,
    pub ticket_sent: &'static str,
    pub ticket_code: &'static str,
}

pub const VI: Strings = Strings {
    default_title: "Trợ lý Dịch vụ công",
    close: "Đóng trợ lý",
    input_label: "Câu hỏi của bạn",
    placeholder: "Ví dụ: làm lại căn cước ở đâu?",
    send: "Gửi",
    welcome: "Xin chào! Bạn cần làm thủ tục gì? Hãy nhập câu hỏi, có dấu hoặc không dấu đều được.",
    searching: "Đang tìm…",
    network_error: "Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.",
    kind_procedure: "Thủ tục",
    kind_faq: "Hỏi đáp",
    agency: "Cơ quan thực hiện",
    processing_time: "Thời hạn giải quyết",
    fees: "Phí, lệ phí",
    documents: "Giấy tờ cần chuẩn bị",
    steps: "Các bước thực hiện",
    file_online: "Nộp trực tuyến / xem trên Cổng Dịch vụ công quốc gia",
    legal_basis: "Căn cứ pháp lý",
    decision: "Quyết định công bố",
    field: "Lĩnh vực",
    source: "Nguồn",
    sample_notice: "Nội dung mẫu, chưa được biên tập viên kiểm duyệt.",
    hotline: "Tổng đài hỗ trợ",
    not_stated: "Chưa có thông tin",
    suggestions: "Gợi ý",
    escalate: "Gặp tổng đài viên",
    see_also: "Có thể bạn cũng cần",
    ask_more: "Hỏi thêm về thủ tục này",
    online_discount: "Ưu đãi nộp trực tuyến",
    content_version: "nội dung cập nhật ngày",
    full_card: "Xem đầy đủ thông tin thủ tục",
    helpful: "Hữu ích",
    not_helpful: "Chưa đúng",
    was_helpful: "Câu trả lời này có hữu ích không?",
    thanks_feedback: "Cảm ơn bạn đã góp ý.",
    ticket_title: "Gửi yêu cầu tới tổng đài viên",
    field_name: "Họ và tên",
    field_phone: "Số điện thoại",
    field_email: "Email (không bắt buộc)",
    field_question: "Nội dung cần hỗ trợ",
    field_contact_time: "Thời gian thuận tiện để gọi lại (không bắt buộc)",
    consent: "Tôi đồng ý để cơ quan xử lý họ tên, số điện thoại và nội dung trên nhằm liên hệ hỗ trợ, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân.",
    ticket_submit: "Gửi yêu cầu",
    ticket_sent: "Đã gửi yêu cầu của bạn.",
    ticket_code: "Mã yêu cầu:",
};

pub const EN: Strings = Strings {
    default_title: "Public service assistant",
    close: "Close the assistant",
    input_label: "Your question",
    placeholder: "e.g. where do I renew my ID card?",
    send: "Send",
    welcome: "Hello! Which procedure do you need? Type your question, with or without Vietnamese diacritics.",
    searching: "Searching…",
    network_error: "Cannot reach the server. Please check your connection and try again.",
    kind_procedure: "Procedure",
    kind_faq: "FAQ",
    agency: "Handling agency",
    processing_time: "Processing time",
    fees: "Fees",
    documents: "Documents to prepare",
    steps: "Steps",
    file_online: "File online / view on the National Public Service Portal",
    legal_basis: "Legal basis",
    decision: "Publishing decision",
    field: "Field",
    source: "Source",
    sample_notice: "Sample content, not yet reviewed by an editor.",
    hotline: "Hotline",
    not_stated: "Not stated",
    suggestions: "Suggestions",
    escalate: "Talk to an operator",
    see_also: "You may also need",
    ask_more: "Ask more about this procedure",
    online_discount: "Online filing discount",
    content_version: "content of",
    full_card: "Show the full procedure card",
    helpful: "Helpful",
    not_helpful: "Not right",
    was_helpful: "Was this answer helpful?",
    thanks_feedback: "Thank you for your feedback.",
    ticket_title: "Send a request to an operator",
    field_name: "Full name",
    field_phone: "Phone number",
    field_email: "Email (optional)",
    field_question: "What do you need help with?",
    field_contact_time: "Best time to call back (optional)",
    consent: "I agree that my name, phone number and request are processed to contact me, under Decree 13/2023/NĐ-CP on personal data protection.",
    ticket_submit: "Send request",
    ticket_sent: "Your request has been sent.",
    ticket_code: "Request code:",
};

impl Strings {
    /// The label of a document kind.
    pub fn kind(&self, kind: dvc_api::DocKind) -> &'static str {
        match kind {
            dvc_api::DocKind::Procedure => self.kind_procedure,
            dvc_api::DocKind::Faq => self.kind_faq,
        }
    }
}

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}
