//! The hotline's response-time promise: a ticket is due a number of hours after it arrives,
//! counted round the clock (24/7 hotline) or in Vietnamese office hours.

use std::str::FromStr;

/// How hours of the response-time target are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    /// Every hour counts.
    AllHours,
    /// Monday to Friday, 07:30–11:30 and 13:30–17:00 Vietnam time (UTC+7); public holidays are
    /// not known to it.
    Office,
}

impl FromStr for Calendar {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "24x7" | "24/7" => Ok(Calendar::AllHours),
            "office" => Ok(Calendar::Office),
            other => Err(format!("unknown SLA calendar {other:?} (expected 24x7 or office)")),
        }
    }
}

const MINUTE: i64 = 60_000;
const DAY_MINUTES: i64 = 24 * 60;
/// Vietnam time is UTC+7 all year.
const VN_OFFSET_MINUTES: i64 = 7 * 60;
/// Working periods of a weekday, minutes after local midnight.
const OFFICE_PERIODS: [(i64, i64); 2] = [(7 * 60 + 30, 11 * 60 + 30), (13 * 60 + 30, 17 * 60)];

/// When a ticket created at `created_ms` (Unix ms) is due, `hours` counted by `calendar`.
pub fn due_at(created_ms: i64, hours: u32, calendar: Calendar) -> i64 {
    let budget = i64::from(hours) * 60 * MINUTE;
    match calendar {
        Calendar::AllHours => created_ms + budget,
        Calendar::Office => office_due(created_ms, budget),
    }
}

fn office_due(created_ms: i64, mut budget_ms: i64) -> i64 {
    let local = created_ms + VN_OFFSET_MINUTES * MINUTE;
    let mut day = local.div_euclid(DAY_MINUTES * MINUTE);
    let mut from = local.rem_euclid(DAY_MINUTES * MINUTE);
    loop {
        // 1970-01-01 was a Thursday: (day + 3) % 7 gives Monday = 0
        if (day + 3).rem_euclid(7) < 5 {
            for (start, end) in OFFICE_PERIODS {
                let (start, end) = (start * MINUTE, end * MINUTE);
                let begin = from.max(start);
                if begin >= end {
                    continue;
                }
                if end - begin >= budget_ms {
                    return day * DAY_MINUTES * MINUTE + begin + budget_ms - VN_OFFSET_MINUTES * MINUTE;
                }
                budget_ms -= end - begin;
            }
        }
        day += 1;
        from = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::rfc3339;

    /// 2026-11-24 (a Tuesday) at `hh:mm` Vietnam time, as Unix ms.
    fn vn(day_offset: i64, hh: i64, mm: i64) -> i64 {
        let midnight_utc = 1_795_478_400_000; // 2026-11-24T00:00:00Z
        midnight_utc + day_offset * DAY_MINUTES * MINUTE + ((hh * 60 + mm) - VN_OFFSET_MINUTES) * MINUTE
    }

    #[test]
    fn round_the_clock_counts_every_hour() {
        assert_eq!(due_at(vn(0, 23, 0), 2, Calendar::AllHours), vn(1, 1, 0));
    }

    #[test]
    fn office_hours_skip_lunch_nights_and_weekends() {
        // 10:30 + 2 h: one hour before lunch, one after
        assert_eq!(rfc3339(due_at(vn(0, 10, 30), 2, Calendar::Office)), rfc3339(vn(0, 14, 30)));
        // arriving at night: counted from 07:30 next morning
        assert_eq!(due_at(vn(0, 22, 0), 2, Calendar::Office), vn(1, 9, 30));
        // Friday 16:30 + 2 h: half an hour on Friday, the rest on Monday morning
        assert_eq!(due_at(vn(3, 16, 30), 2, Calendar::Office), vn(6, 9, 0));
        // Saturday: nothing counts until Monday 07:30
        assert_eq!(due_at(vn(4, 9, 0), 1, Calendar::Office), vn(6, 8, 30));
        assert_eq!("office".parse::<Calendar>(), Ok(Calendar::Office));
        assert!("sometimes".parse::<Calendar>().is_err());
    }
}
