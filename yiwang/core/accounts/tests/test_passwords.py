import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from yiwang.core.accounts.models import User


@pytest.mark.parametrize("password", ["short1A", "alllowercase", "lowercase123", "12345678", "Password1"])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, User(username="zhang"))


def test_password_needs_three_character_classes() -> None:
    with pytest.raises(ValidationError, match="至少 3 类"):
        validate_password("abcdefgh12", User(username="zhang"))
    validate_password("abcdefgh1!", User(username="zhang"))


def test_password_similar_to_username_is_refused() -> None:
    with pytest.raises(ValidationError):
        validate_password("Zhangwei1!", User(username="zhangwei1"))
