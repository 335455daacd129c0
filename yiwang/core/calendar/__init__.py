"""工作日历与法定时限: working days, 调休 and statutory clocks."""
