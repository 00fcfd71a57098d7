package io.dbworkers.writer;

/**
 * A one-pass check, with no allocation, that a short text is one strict RFC 8259 JSON document: the question the
 * writer asks of every reading's {@code metadata}, where creating a Jackson parser per reading was a sixth of the
 * writer's allocations. It only ever says yes for texts Jackson's default parser reads as one value too (strict
 * grammar, at most {@value #MAX_LENGTH} characters, {@value #MAX_DEPTH} levels, numbers of at most
 * {@value #MAX_NUMBER} characters: well inside Jackson's limits); for anything else the caller asks Jackson, which
 * also says what is wrong.
 */
final class PlainJson {

    static final int MAX_LENGTH = 8192;
    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER = 100;

    private final String text;
    private int at;

    private PlainJson(String text) {
        this.text = text;
    }

    /** True when the text is certainly one JSON value (with blanks around it); false when Jackson has to tell. */
    static boolean isValid(String text) {
        if (text.length() > MAX_LENGTH) {
            return false;
        }
        PlainJson check = new PlainJson(text);
        check.blanks();
        if (!check.value(0)) {
            return false;
        }
        check.blanks();
        return check.at == text.length();
    }

    private boolean value(int depth) {
        if (at >= text.length()) {
            return false;
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return depth < MAX_DEPTH && object(depth + 1);
            case '[':
                return depth < MAX_DEPTH && array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                return (c == '-' || (c >= '0' && c <= '9')) && number();
        }
    }

    private boolean object(int depth) {
        at++;
        blanks();
        if (next('}')) {
            return true;
        }
        while (true) {
            if (at >= text.length() || text.charAt(at) != '"' || !string()) {
                return false;
            }
            blanks();
            if (!next(':')) {
                return false;
            }
            blanks();
            if (!value(depth)) {
                return false;
            }
            blanks();
            if (next('}')) {
                return true;
            }
            if (!next(',')) {
                return false;
            }
            blanks();
        }
    }

    private boolean array(int depth) {
        at++;
        blanks();
        if (next(']')) {
            return true;
        }
        while (true) {
            if (!value(depth)) {
                return false;
            }
            blanks();
            if (next(']')) {
                return true;
            }
            if (!next(',')) {
                return false;
            }
            blanks();
        }
    }

    private boolean string() {
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return true;
            }
            if (c < 0x20) {
                return false;
            }
            if (c == '\\' && !escape()) {
                return false;
            }
        }
        return false;
    }

    private boolean escape() {
        if (at >= text.length()) {
            return false;
        }
        char c = text.charAt(at++);
        if (c != 'u') {
            return c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't';
        }
        if (at + 4 > text.length()) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            char h = text.charAt(at++);
            if (!isDigit(h) && (h < 'a' || h > 'f') && (h < 'A' || h > 'F')) {
                return false;
            }
        }
        return true;
    }

    private boolean literal(String word) {
        if (!text.startsWith(word, at)) {
            return false;
        }
        at += word.length();
        return at == text.length() || isDelimiter(text.charAt(at));
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, followed by a delimiter or the end */
    private boolean number() {
        int start = at;
        next('-');
        if (next('0')) {
            if (at < text.length() && isDigit(text.charAt(at))) {
                return false;
            }
        } else if (digits() == 0) {
            return false;
        }
        if (next('.') && digits() == 0) {
            return false;
        }
        if (next('e') || next('E')) {
            if (!next('+')) {
                next('-');
            }
            if (digits() == 0) {
                return false;
            }
        }
        return at - start <= MAX_NUMBER && (at == text.length() || isDelimiter(text.charAt(at)));
    }

    private int digits() {
        int start = at;
        while (at < text.length() && isDigit(text.charAt(at))) {
            at++;
        }
        return at - start;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isDelimiter(char c) {
        return c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private boolean next(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void blanks() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }
}
