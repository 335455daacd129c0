from yiwang.common.masking import mask_email, mask_id_number, mask_name, mask_phone


def test_name_keeps_only_the_surname() -> None:
    assert mask_name("王小明") == "王**"
    assert mask_name("王伟") == "王*"
    assert mask_name("王") == "*"
    assert mask_name("") == ""


def test_mobile_number_keeps_first_three_and_last_four() -> None:
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("123") == "*23"


def test_id_number_hides_the_birth_date() -> None:
    masked = mask_id_number("230702199001011234")
    assert masked == "2307**********1234"
    assert "19900101" not in masked


def test_email_keeps_first_letter_and_domain() -> None:
    assert mask_email("zhangwei@163.com") == "z***@163.com"
    assert mask_email("not-an-email") == "n***********"
