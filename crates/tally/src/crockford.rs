//! Crockford's base 32, as people read, type and compare it: ballot tracking codes
//! (`spec/protocol.md` §10) and credential slips (`spec/slips.md` §2) both write bytes with
//! it, and read what people type with the same forgiveness.
//!
//! Bytes are written as one big-endian bit string, five bits per character, most
//! significant first; both users write a whole number of characters (10 bytes are 16
//! characters, 15 bytes 24). The work is done bit by bit, so that no wide integer holds a
//! copy of a secret (a slip code is one).

/// The 32 characters, digit `d` being `ALPHABET[d]`: digits and capital letters without
/// I, L, O and U (`spec/protocol.md` §10).
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The character that writes the 5-bit digit `digit`.
pub fn char_of(digit: u8) -> char {
    char::from(ALPHABET[usize::from(digit & 31)])
}

/// The digit a typed character stands for: letters in either case, `O` read as `0`, `I` and
/// `L` as `1` (`spec/protocol.md` §10). `U` and everything else stand for none.
pub fn digit_of(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&a| char::from(a) == c)
        .and_then(|d| u8::try_from(d).ok())
}

/// The `index`-th character's digit of `bytes` read as a big-endian bit string: its bits
/// `5·index … 5·index + 4`. Bits past the end of `bytes` read as 0.
pub fn digit_at(bytes: &[u8], index: usize) -> u8 {
    let mut digit = 0u8;
    for bit in 0..5 {
        let position = index * 5 + bit;
        let set = bytes
            .get(position / 8)
            .is_some_and(|b| b & (0x80 >> (position % 8)) != 0);
        if set {
            digit |= 0x10 >> bit;
        }
    }
    digit
}

/// Sets the `index`-th character's bits of `bytes` (read as in [`digit_at`]) from `digit`;
/// the bits must be clear, and bits past the end of `bytes` are dropped.
pub fn set_digit(bytes: &mut [u8], index: usize, digit: u8) {
    for bit in 0..5 {
        let position = index * 5 + bit;
        if digit & (0x10 >> bit) != 0 {
            if let Some(b) = bytes.get_mut(position / 8) {
                *b |= 0x80 >> (position % 8);
            }
        }
    }
}

/// Reads a typed code: every `-` and white space (Unicode White_Space) is skipped, and
/// every other character must stand for a digit (see [`digit_of`]). The digits fill `out`
/// from the start; the count returned is of all of them, so a count other than
/// `out.len()` means the code has the wrong length. The error is the first character that
/// stands for no digit.
pub fn read_digits(text: &str, out: &mut [u8]) -> Result<usize, char> {
    let mut count = 0usize;
    for c in text.chars().filter(|c| *c != '-' && !c.is_whitespace()) {
        let digit = digit_of(c).ok_or(c)?;
        if let Some(slot) = out.get_mut(count) {
            *slot = digit;
        }
        count += 1;
    }
    Ok(count)
}

/// Writes `digits` as characters in groups of `group`, separated by `-`.
pub fn write_grouped(digits: impl IntoIterator<Item = u8>, group: usize, out: &mut String) {
    for (i, digit) in digits.into_iter().enumerate() {
        if i > 0 && i % group == 0 {
            out.push('-');
        }
        out.push(char_of(digit));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_five_bits_most_significant_first() {
        // 0x84 0x21 = 10000 10000 10000 1: digits 16, 16, 16, then a lone 1 bit.
        let bytes = [0x84, 0x21];
        assert_eq!(
            (0..4).map(|i| digit_at(&bytes, i)).collect::<Vec<_>>(),
            [16, 16, 16, 16]
        );
        let mut back = [0u8; 2];
        for i in 0..4 {
            set_digit(&mut back, i, digit_at(&bytes, i));
        }
        assert_eq!(back, [0x84, 0x21]);
        let mut text = String::new();
        write_grouped((0..4).map(|i| digit_at(&bytes, i)), 2, &mut text);
        assert_eq!(text, "GG-GG");
    }

    #[test]
    fn typed_codes_are_read_forgivingly_but_not_loosely() {
        let mut out = [0u8; 4];
        assert_eq!(read_digits("o I-l z\u{3000}", &mut out), Ok(4));
        assert_eq!(out, [0, 1, 1, 31]);
        assert_eq!(read_digits("00000", &mut out), Ok(5));
        assert_eq!(read_digits("0U00", &mut out), Err('U'));
        assert_eq!(read_digits("0é", &mut out), Err('é'));
        assert_eq!(digit_of('u'), None);
        assert!((0..32).all(|d| digit_of(char_of(d)) == Some(d)));
    }
}
