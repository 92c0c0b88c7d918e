"""Redaction of personal data with bracketed labels (digest.privacy.redact)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from digest.privacy import ALL_KINDS, GUARD_KINDS, LABELS, PiiKind, Redacted, redact

from .test_privacy_pii import emails, identity_code, national_phones, valid_identity_codes

MESSAGE = (
    "Hetu 131052-308T, puh. 040 6357980, sposti etunimi.sukunimi@raisio.fi, "
    "tili FI21 1234 5600 0007 85, osoite Hämeenkatu 12, @neuvo_bot, www.lape.fi"
)


def test_every_kind_gets_its_finnish_label() -> None:
    """By default each match becomes its Finnish label and found lists kinds in text order."""
    code = identity_code(date(1952, 10, 13), 308, "-")
    result = redact(MESSAGE.replace("131052-308T", code))
    assert result == Redacted(
        "Hetu [henkilötunnus], puh. [puhelinnumero], sposti [sähköposti], "
        "tili [tilinumero], osoite [osoite], [mainittu], [linkki]",
        (
            PiiKind.IDENTITY_CODE,
            PiiKind.PHONE,
            PiiKind.EMAIL,
            PiiKind.IBAN,
            PiiKind.STREET_ADDRESS,
            PiiKind.MENTION,
            PiiKind.LINK,
        ),
    )


def test_text_without_pii_is_unchanged() -> None:
    """A text with nothing to redact comes back as it was, with nothing found."""
    text = "Neuvonantajat on koottu 1.8.2017-31.12.2017, klo 8-10, 14-16 ja 20-22."
    assert redact(text) == Redacted(text, ())


def test_kinds_restricts_what_is_redacted() -> None:
    """Only the requested kinds are replaced; the rest of the text stays."""
    result = redact("puh. 040 6357980 tai @neuvo_bot", kinds={PiiKind.PHONE})
    assert result == Redacted("puh. [puhelinnumero] tai @neuvo_bot", (PiiKind.PHONE,))


def test_labels_for_other_languages_and_partial_overrides() -> None:
    """Swedish and English labels exist for every kind; a partial mapping falls back to Finnish."""
    assert set(LABELS) == {"fi", "sv", "en"}
    assert all(set(labels) == ALL_KINDS for labels in LABELS.values())
    assert redact("ring 040 6357980", labels=LABELS["sv"]).text == "ring [telefonnummer]"
    partial = redact("040 6357980 @neuvo_bot", labels={PiiKind.PHONE: "<tel>"})
    assert partial.text == "<tel> [mainittu]"


def test_guard_kinds_are_the_personal_data_the_guard_deletes_for() -> None:
    """The guard acts on identity codes, phones, e-mail, IBANs and addresses, not links."""
    expected = {
        PiiKind.IDENTITY_CODE,
        PiiKind.PHONE,
        PiiKind.EMAIL,
        PiiKind.IBAN,
        PiiKind.STREET_ADDRESS,
    }
    assert expected == GUARD_KINDS


def test_redaction_is_idempotent() -> None:
    """Redacting already redacted text finds nothing more."""
    once = redact(MESSAGE).text
    assert redact(once) == Redacted(once, ())


@given(
    st.one_of(valid_identity_codes(), national_phones(), emails()),
    st.sampled_from(sorted(LABELS)),
)
def test_redacted_text_never_contains_the_original(pii: str, language: str) -> None:
    """Generated identity codes, phones and e-mails never survive redaction in any language."""
    result = redact(f"Tässä {pii} ja kiitos", labels=LABELS[language])
    assert pii not in result.text
    assert len(result.found) == 1
