package io.dqlite.core.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into statements of upper-cased words and punctuation, skipping comments and
 * string literals, so that the guard can see what each statement is. The semicolons inside a
 * {@code CREATE TRIGGER} body do not end the statement. A quoted identifier keeps a leading
 * {@value #QUOTED} so that it never counts as a keyword; {@link #name(String)} drops it.
 */
final class SqlTokens {

    /** The mark before a quoted identifier's upper-cased text. */
    static final String QUOTED = "\"";

    /** One statement: its source text, without the semicolon, and its tokens. */
    record SqlStatement(String text, List<String> tokens) {

        /** Returns the statement's first word, upper-cased. */
        String first() {
            return tokens.get(0);
        }

        /** Tells whether this is a CREATE TRIGGER whose body is not closed by its last word, END. */
        boolean isUnfinishedTrigger() {
            return inTriggerBody(tokens) || (isTrigger(tokens) && !tokens.get(tokens.size() - 1).equals("END"));
        }
    }

    private SqlTokens() {
    }

    /** Returns the name a token stands for: a quoted identifier without its mark, any other token as it is. */
    static String name(String token) {
        return token.startsWith(QUOTED) ? token.substring(QUOTED.length()) : token;
    }

    /** Returns the tokens of each statement of {@code sql}. */
    static List<List<String>> statements(String sql) {
        return split(sql).stream().map(SqlStatement::tokens).toList();
    }

    /** Returns the statements of {@code sql}, skipping empty ones. */
    static List<SqlStatement> split(String sql) {
        List<SqlStatement> statements = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int start = 0;
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            } else if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
                current.add("'");
            } else if (c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int end = skipQuoted(sql, i, close);
                current.add(QUOTED + sql.substring(i + 1, Math.max(i + 1, end - 1)).toUpperCase(Locale.ROOT));
                i = end;
            } else if (c == ';' && inTriggerBody(current)) {
                current.add(";");
                i++;
            } else if (c == ';') {
                if (!current.isEmpty()) {
                    statements.add(new SqlStatement(sql.substring(start, i).strip(), current));
                    current = new ArrayList<>();
                }
                i++;
                start = i;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                int wordStart = i;
                while (i < length && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                current.add(sql.substring(wordStart, i).toUpperCase(Locale.ROOT));
            } else {
                current.add(String.valueOf(c));
                i++;
            }
        }
        if (!current.isEmpty()) {
            statements.add(new SqlStatement(sql.substring(start).strip(), current));
        }
        return statements;
    }

    /**
     * Tells whether {@code tokens} are a CREATE TRIGGER statement whose body has not reached its
     * END; an END that closes a CASE expression inside the body does not count.
     */
    private static boolean inTriggerBody(List<String> tokens) {
        if (!isTrigger(tokens)) {
            return false;
        }
        int kind = triggerKeyword(tokens);
        int openCases = 0;
        boolean ended = false;
        for (int i = kind + 1; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals("CASE")) {
                openCases++;
            } else if (token.equals("END")) {
                if (openCases > 0) {
                    openCases--;
                } else {
                    ended = true;
                }
            }
        }
        return !ended;
    }

    private static boolean isTrigger(List<String> tokens) {
        return tokens.size() >= 2 && tokens.get(0).equals("CREATE") && triggerKeyword(tokens) < tokens.size()
                && tokens.get(triggerKeyword(tokens)).equals("TRIGGER");
    }

    private static int triggerKeyword(List<String> tokens) {
        return tokens.get(1).equals("TEMP") || tokens.get(1).equals("TEMPORARY") ? 2 : 1;
    }

    /** Returns the index just past the quoted text starting at {@code start}; doubled quotes escape. */
    private static int skipQuoted(String sql, int start, char close) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == close) {
                if (close != ']' && i + 1 < sql.length() && sql.charAt(i + 1) == close) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }
}
