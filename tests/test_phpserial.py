import pytest

from sidecar import phpserial
from sidecar.store import decode_setting


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("N;", None),
        ("b:1;", True),
        ("i:-42;", -42),
        ("d:0.5;", 0.5),
        ('s:5:"héé";', "héé"),  # length counts bytes, as PHP does
        ('s:3:"a;b";', "a;b"),
        ('a:2:{i:0;s:1:"5";i:1;s:1:"3";}', ["5", "3"]),
        ('a:1:{s:3:"key";a:1:{i:0;b:0;}}', {"key": [False]}),
    ],
)
def test_decodes(text: str, value: object) -> None:
    assert phpserial.loads(text) == value


@pytest.mark.parametrize(
    "text", ['O:8:"stdClass":0:{}', 's:10:"short";', "i:1", "a:1:{i:0;}", "i:1;junk", ""]
)
def test_refuses_objects_and_malformed_text(text: str) -> None:
    with pytest.raises((phpserial.PhpSerialError, ValueError)):
        phpserial.loads(text)


@pytest.mark.parametrize(
    ("value", "serialized", "decoded"),
    [
        ('["5","3"]', 1, ["5", "3"]),
        ('a:1:{i:0;s:1:"5";}', 1, ["5"]),
        ("Tom &amp; Jerry&#039;s", 0, "Tom & Jerry's"),
        (None, 0, None),
    ],
)
def test_settings_decode_like_opencart(value: str, serialized: int, decoded: object) -> None:
    assert decode_setting(value, serialized) == decoded
