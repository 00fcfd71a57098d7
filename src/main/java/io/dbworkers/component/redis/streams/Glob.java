package io.dbworkers.component.redis.streams;

import java.util.ArrayList;
import java.util.List;

/**
 * A Redis glob (as for SCAN MATCH): {@code *}, {@code ?}, {@code [abc]}, {@code [^a]}, {@code [a-z]} and {@code \} to
 * escape. Matched without regular expressions, by the greedy star algorithm that goes back only to the last star:
 * at most (name length) × (glob length) steps, however the name is crafted.
 */
final class Glob {

    /** One position of the glob: a star, or a test for one character. */
    private record Token(boolean star, boolean any, boolean negated, String members) {

        boolean matches(char c) {
            if (any) {
                return true;
            }
            boolean in = false;
            for (int i = 0; i < members.length() && !in; i += 2) {
                in = c >= members.charAt(i) && c <= members.charAt(i + 1);
            }
            return in != negated;
        }
    }

    private final Token[] tokens;

    Glob(String glob) {
        this.tokens = parse(glob).toArray(Token[]::new);
    }

    static boolean isGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
    }

    boolean matches(String name) {
        int t = 0;
        int i = 0;
        int star = -1;
        int resume = 0;
        while (i < name.length()) {
            if (t < tokens.length && tokens[t].star()) {
                star = t++;
                resume = i;
            } else if (t < tokens.length && tokens[t].matches(name.charAt(i))) {
                t++;
                i++;
            } else if (star >= 0) {
                t = star + 1;
                i = ++resume;
            } else {
                return false;
            }
        }
        while (t < tokens.length && tokens[t].star()) {
            t++;
        }
        return t == tokens.length;
    }

    private static List<Token> parse(String glob) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            int close = c == '[' ? glob.indexOf(']', i + 2) : -1;
            if (c == '\\' && i + 1 < glob.length()) {
                tokens.add(literal(glob.charAt(++i)));
            } else if (c == '*') {
                if (tokens.isEmpty() || !tokens.get(tokens.size() - 1).star()) {
                    tokens.add(new Token(true, false, false, ""));
                }
            } else if (c == '?') {
                tokens.add(new Token(false, true, false, ""));
            } else if (close > 0) {
                tokens.add(charClass(glob.substring(i + 1, close)));
                i = close;
            } else {
                tokens.add(literal(c));
            }
            i++;
        }
        return tokens;
    }

    private static Token literal(char c) {
        return new Token(false, false, false, String.valueOf(c) + c);
    }

    /** The members as pairs of first and last character: {@code a-c} is "ac", a lone {@code x} "xx". */
    private static Token charClass(String body) {
        boolean negated = body.startsWith("^");
        int start = negated ? 1 : 0;
        StringBuilder members = new StringBuilder();
        for (int i = start; i < body.length(); i++) {
            char c = body.charAt(i);
            if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
                char last = body.charAt(i + 2);
                members.append(c <= last ? c : last).append(c <= last ? last : c);
                i += 2;
            } else {
                members.append(c).append(c);
            }
        }
        return new Token(false, false, negated, members.toString());
    }
}
