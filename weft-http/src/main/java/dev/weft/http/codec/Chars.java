package dev.weft.http.codec;

/** Byte classes of RFC 9110/9112 as lookup tables, so the hot loops test one array slot per byte. */
final class Chars {
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] FIELD_CONTENT = new boolean[256];
    private static final boolean[] TARGET = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        // field-value: VCHAR, obs-text, SP and HTAB; every other control byte (NUL, CR, LF, DEL, ...) is refused.
        for (int c = 0x21; c <= 0xFF; c++) {
            FIELD_CONTENT[c] = c != 0x7F;
        }
        FIELD_CONTENT[SP] = true;
        FIELD_CONTENT[HTAB] = true;
        // request-target: visible ASCII, and bytes >= 0x80 that clients which do not percent-encode send
        // for UTF-8 (the parser encodes them). Stricter RFC 3986 sets would refuse '|', '"' and '{' that
        // deployed clients send unencoded; controls, SP and DEL are refused.
        for (int c = 0x21; c <= 0xFF; c++) {
            TARGET[c] = c != 0x7F;
        }
    }

    private Chars() {
    }

    static boolean isTchar(byte b) {
        return TCHAR[b & 0xFF];
    }

    static boolean isFieldContent(byte b) {
        return FIELD_CONTENT[b & 0xFF];
    }

    static boolean isTargetChar(byte b) {
        return TARGET[b & 0xFF];
    }

    static boolean isWhitespace(byte b) {
        return b == SP || b == HTAB;
    }

    /** The value of a hexadecimal digit, or -1. */
    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        if (lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        return -1;
    }

    /** ASCII case-insensitive comparison of {@code data[from, from+len)} with a lower-case ASCII string. */
    static boolean equalsLower(byte[] data, int from, int len, String lower) {
        if (len != lower.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int b = data[from + i];
            if (b >= 'A' && b <= 'Z') {
                b |= 0x20;
            }
            if (b != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
