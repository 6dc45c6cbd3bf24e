package io.dqlite.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at semicolons that are outside quotes, comments and trigger
 * bodies, and finds each statement's main verb. It recognises SQLite's quoting ({@code '..'},
 * {@code ".."}, {@code `..`}, {@code [..]}) and comments ({@code --}, {@code /* *}{@code /}).
 */
final class SqlScanner {

    private final String sql;
    private int position;

    SqlScanner(String sql) {
        this.sql = sql;
    }

    List<SqlStatement> statements() {
        List<SqlStatement> statements = new ArrayList<>();
        while (position < sql.length()) {
            SqlStatement statement = nextStatement();
            if (statement != null) {
                statements.add(statement);
            }
        }
        return statements;
    }

    /** Reads one statement up to and including its semicolon; returns null if it holds no word. */
    private SqlStatement nextStatement() {
        int start = position;
        List<String> topLevelWords = new ArrayList<>();
        int depth = 0;
        boolean trigger = false;
        boolean inTriggerBody = false;
        int caseDepth = 0;
        boolean hasReturning = false;
        boolean sawWord = false;
        while (position < sql.length()) {
            char c = sql.charAt(position);
            if (c == '\'' || c == '"' || c == '`') {
                skipQuoted(c, c);
                sawWord = true;
            } else if (c == '[') {
                skipQuoted('[', ']');
                sawWord = true;
            } else if (c == '-' && peek(1) == '-') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == '(') {
                depth++;
                position++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
                position++;
            } else if (c == ';') {
                position++;
                if (!inTriggerBody) {
                    return finish(start, position - 1, topLevelWords, hasReturning, sawWord);
                }
            } else if (Character.isLetter(c) || c == '_') {
                String word = SqlStatement.upper(readWord());
                sawWord = true;
                if (depth == 0) {
                    if (topLevelWords.size() < 4) {
                        topLevelWords.add(word);
                        trigger = trigger || (topLevelWords.get(0).equals("CREATE") && word.equals("TRIGGER"));
                    } else if (!topLevelWords.contains(word) && isMainVerbCandidate(word)) {
                        topLevelWords.add(word);
                    }
                    hasReturning = hasReturning || word.equals("RETURNING");
                }
                if (trigger) {
                    if (word.equals("BEGIN")) {
                        inTriggerBody = true;
                    } else if (word.equals("CASE")) {
                        caseDepth++;
                    } else if (word.equals("END")) {
                        if (caseDepth > 0) {
                            caseDepth--;
                        } else {
                            inTriggerBody = false;
                        }
                    }
                }
            } else {
                if (!Character.isWhitespace(c)) {
                    sawWord = true;
                }
                position++;
            }
        }
        return finish(start, sql.length(), topLevelWords, hasReturning, sawWord);
    }

    private static boolean isMainVerbCandidate(String word) {
        return switch (word) {
            case "SELECT", "VALUES", "INSERT", "UPDATE", "DELETE", "REPLACE" -> true;
            default -> false;
        };
    }

    private SqlStatement finish(int start, int end, List<String> words, boolean hasReturning, boolean sawWord) {
        if (!sawWord) {
            return null;
        }
        String verb = words.isEmpty() ? "" : words.get(0);
        if (verb.equals("WITH")) {
            verb = words.stream().skip(1).filter(SqlScanner::isMainVerbCandidate).findFirst().orElse("WITH");
        }
        boolean rollbackTo = verb.equals("ROLLBACK") && words.size() > 1
                && (words.get(1).equals("TO") || (words.size() > 2 && words.get(2).equals("TO")));
        return new SqlStatement(sql.substring(start, end).strip(), verb, hasReturning, rollbackTo);
    }

    private char peek(int ahead) {
        int index = position + ahead;
        return index < sql.length() ? sql.charAt(index) : '\0';
    }

    private String readWord() {
        int start = position;
        while (position < sql.length()
                && (Character.isLetterOrDigit(sql.charAt(position)) || sql.charAt(position) == '_'
                        || sql.charAt(position) == '$')) {
            position++;
        }
        return sql.substring(start, position);
    }

    private void skipQuoted(char open, char close) {
        position++;
        while (position < sql.length()) {
            char c = sql.charAt(position++);
            if (c == close) {
                if (open == close && position < sql.length() && sql.charAt(position) == close) {
                    position++;
                } else {
                    return;
                }
            }
        }
    }

    private void skipLineComment() {
        while (position < sql.length() && sql.charAt(position) != '\n') {
            position++;
        }
    }

    private void skipBlockComment() {
        int end = sql.indexOf("*/", position + 2);
        position = end < 0 ? sql.length() : end + 2;
    }
}
