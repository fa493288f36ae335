//! Every fixed sentence the assistant says (Vietnamese). Anything else it says is content.

pub const GREETING: &str = "Xin chào! Tôi là trợ lý tra cứu thủ tục hành chính. Bạn cần làm thủ tục gì? \
Ví dụ: \"làm lại căn cước\", \"đăng ký khai sinh\", \"lệ phí đăng ký kết hôn\".";
pub const THANKS: &str = "Không có gì ạ. Bạn cần hỏi thêm thủ tục nào cứ nhắn cho tôi nhé.";
pub const GOODBYE: &str = "Chào bạn, chúc bạn làm thủ tục thuận lợi!";
pub const WHO: &str = "Tôi là trợ lý tự động của Cổng Dịch vụ công. Tôi trả lời từ nội dung thủ tục hành chính \
và câu hỏi thường gặp đã được công bố, kèm nguồn để bạn kiểm tra. Khi cần, tôi chuyển bạn tới tổng đài viên.";
pub const INSULT: &str = "Xin lỗi vì tôi chưa giúp được bạn. Bạn có thể hỏi lại bằng cách khác, \
hoặc gặp tổng đài viên để được hỗ trợ trực tiếp.";
pub const EMPTY: &str = "Bạn hãy nhập câu hỏi về thủ tục cần làm, có dấu hoặc không dấu đều được.";
pub const NONSENSE: &str = "Xin lỗi, tôi chưa hiểu câu hỏi. Bạn có thể nói rõ thủ tục bạn cần làm không? \
Ví dụ: \"cấp lại giấy phép lái xe\".";
pub const HIGH: &str = "Đây là thủ tục phù hợp nhất với câu hỏi của bạn:";
pub const HIGH_FAQ: &str = "Câu trả lời từ mục Hỏi đáp:";
pub const CHOOSE: &str = "Có vài thủ tục gần với câu hỏi của bạn. Bạn cần thủ tục nào?";
pub const MAYBE: &str = "Tôi chưa chắc đã hiểu đúng. Có phải bạn hỏi một trong những thủ tục sau?";
pub const LOW: &str = "Xin lỗi, tôi chưa tìm thấy câu trả lời chắc chắn cho câu hỏi này.";
pub const LOW_AGAIN: &str = "Có vẻ tôi chưa giúp được bạn. Bạn nên gặp tổng đài viên để được hỗ trợ.";
pub const WHICH_TOPIC: &str =
    "Bạn đang hỏi về thủ tục nào? Hãy cho tôi biết tên thủ tục, ví dụ \"đăng ký thường trú\".";
pub const NOT_STATED: &str = "Nội dung công bố chưa nêu thông tin này.";
pub const FAQ_ASPECT: &str = "Thông tin tôi có về câu hỏi này nằm trong câu trả lời dưới đây:";
pub const THUMBS_DOWN: &str = "Cảm ơn bạn đã góp ý. Xin lỗi vì câu trả lời chưa giúp được bạn.";
pub const ESCALATE_LABEL: &str = "Gặp tổng đài viên";

pub fn escalate(hotline: &str) -> String {
    format!("Bạn có thể gọi tổng đài hỗ trợ {hotline} (24/7) để gặp tổng đài viên.")
}

pub fn low_suffix(hotline: &str) -> String {
    format!("Bạn có thể diễn đạt lại câu hỏi, hoặc gọi tổng đài {hotline} để được hỗ trợ.")
}
