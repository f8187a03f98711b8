-- 009_member_health: 健康状况, a line of 苏组通〔2014〕43号 附件2 (在职党员基本
-- 情况登记表), the one field of that form the member table could not hold.

ALTER TABLE member ADD COLUMN health TEXT;
