package io.dbworkers.component.pgq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dbworkers.change.ChangeType;

/**
 * The partial SQL that {@code pgq.sqltriga} writes as ev_data: {@code (a,b) values ('1',null)} for an insert,
 * {@code a='1',b='x' where id='7'} for an update, {@code id='7' and k='2'} for a delete. Identifiers may be
 * double-quoted, literals are quote_literal's ({@code '...'} or {@code E'...'}), values text or null.
 *
 * @param values the assigned or inserted columns (mutable, in order)
 * @param where  the key columns of an update or delete (mutable, in order)
 */
record SqlFragment(Map<String, String> values, Map<String, String> where) {

    static SqlFragment parse(ChangeType operation, String sql) {
        Parser p = new Parser(sql == null ? "" : sql);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        if (operation == ChangeType.INSERT) {
            p.expect("(");
            List<String> columns = new ArrayList<>();
            do {
                columns.add(p.identifier());
            } while (p.accept(","));
            p.expect(")");
            p.expectWord("values");
            p.expect("(");
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    p.expect(",");
                }
                values.put(columns.get(i), p.value());
            }
            p.expect(")");
        } else if (operation == ChangeType.UPDATE) {
            do {
                p.assignment(values);
            } while (p.accept(","));
            p.expectWord("where");
            p.conditions(where);
        } else {
            p.conditions(where);
        }
        p.end();
        return new SqlFragment(values, where);
    }

    private static final class Parser {

        private final String sql;
        private int at;

        Parser(String sql) {
            this.sql = sql;
        }

        void conditions(Map<String, String> into) {
            do {
                assignment(into);
            } while (acceptWord("and"));
        }

        void assignment(Map<String, String> into) {
            String column = identifier();
            expect("=");
            into.put(column, value());
        }

        String identifier() {
            skip();
            if (at < sql.length() && sql.charAt(at) == '"') {
                return quoted('"');
            }
            int start = at;
            while (at < sql.length() && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '_'
                                         || sql.charAt(at) == '$')) {
                at++;
            }
            if (start == at) {
                throw bad("a column name");
            }
            return sql.substring(start, at);
        }

        String value() {
            skip();
            if (sql.startsWith("null", at)) {
                at += 4;
                return null;
            }
            if (at < sql.length() && (sql.charAt(at) == 'E' || sql.charAt(at) == 'e')) {
                at++;
                return unescape(quoted('\''));
            }
            return quoted('\'');
        }

        private String quoted(char quote) {
            if (at >= sql.length() || sql.charAt(at) != quote) {
                throw bad(quote == '\'' ? "a quoted value" : "a quoted name");
            }
            StringBuilder out = new StringBuilder();
            at++;
            while (true) {
                if (at >= sql.length()) {
                    throw bad("the closing " + quote);
                }
                char c = sql.charAt(at++);
                if (c == quote) {
                    if (at < sql.length() && sql.charAt(at) == quote) {
                        out.append(quote);
                        at++;
                    } else {
                        return out.toString();
                    }
                } else {
                    out.append(c);
                }
            }
        }

        private static String unescape(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                out.append(c == '\\' && i + 1 < s.length() ? s.charAt(++i) : c);
            }
            return out.toString();
        }

        boolean accept(String token) {
            skip();
            if (sql.startsWith(token, at)) {
                at += token.length();
                return true;
            }
            return false;
        }

        boolean acceptWord(String word) {
            skip();
            if (sql.regionMatches(true, at, word, 0, word.length())) {
                at += word.length();
                return true;
            }
            return false;
        }

        void expect(String token) {
            if (!accept(token)) {
                throw bad("'" + token + "'");
            }
        }

        void expectWord(String word) {
            if (!acceptWord(word)) {
                throw bad("'" + word + "'");
            }
        }

        void end() {
            skip();
            if (at < sql.length()) {
                throw bad("the end");
            }
        }

        private void skip() {
            while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException bad(String expected) {
            String shown = sql.length() > 80 ? sql.substring(0, 80) + "..." : sql;
            return new IllegalArgumentException("ev_data is not sqltriga's SQL (expected " + expected + " at "
                    + at + "): " + shown);
        }
    }
}
