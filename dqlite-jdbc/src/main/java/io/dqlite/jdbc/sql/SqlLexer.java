package io.dqlite.jdbc.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one SQL lexer of the driver and the node: splits SQL text into statements of tokens at
 * semicolons outside quotes, comments and trigger bodies. It knows SQLite's quoting
 * ({@code '..'}, {@code ".."}, {@code `..`}, {@code [..]}) and comments ({@code --},
 * {@code /* *}{@code /}); the semicolons inside a {@code CREATE TRIGGER} body, up to the END that
 * is not a CASE's, do not end the statement.
 */
public final class SqlLexer {

    /** The mark before a quoted identifier's upper-cased text. */
    public static final String QUOTED = "\"";

    private SqlLexer() {
    }

    /** Returns the statements of {@code sql}, in order, skipping empty ones. */
    public static List<LexedStatement> statements(String sql) {
        List<LexedStatement> statements = new ArrayList<>();
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
                    statements.add(new LexedStatement(sql.substring(start, i).strip(), current));
                    current = new ArrayList<>();
                }
                i++;
                start = i;
            } else if (isWordPart(c)) {
                int wordStart = i;
                while (i < length && isWordPart(sql.charAt(i))) {
                    i++;
                }
                current.add(sql.substring(wordStart, i).toUpperCase(Locale.ROOT));
            } else {
                current.add(String.valueOf(c));
                i++;
            }
        }
        if (!current.isEmpty()) {
            statements.add(new LexedStatement(sql.substring(start).strip(), current));
        }
        return statements;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /**
     * Tells whether {@code tokens} are a CREATE TRIGGER statement whose body has not reached its
     * END; an END that closes a CASE expression inside the body does not count.
     */
    static boolean inTriggerBody(List<String> tokens) {
        if (!isTrigger(tokens)) {
            return false;
        }
        int openCases = 0;
        boolean ended = false;
        for (int i = triggerKeyword(tokens) + 1; i < tokens.size(); i++) {
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

    /** Tells whether {@code tokens} begin CREATE [TEMP] TRIGGER. */
    static boolean isTrigger(List<String> tokens) {
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
