package io.dqlite.jdbc.sql;

import java.util.List;

/**
 * One statement of an SQL string as {@link SqlLexer} reads it: its source text, without the
 * terminating semicolon, and its tokens: upper-cased words and punctuation, {@code '} for a string
 * literal, and a quoted identifier as {@value SqlLexer#QUOTED} followed by its upper-cased name,
 * so that {@code "case"} is never the keyword CASE.
 *
 * @param text the statement's source text
 * @param tokens the statement's tokens, never empty
 */
public record LexedStatement(String text, List<String> tokens) {

    public LexedStatement {
        tokens = List.copyOf(tokens);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a statement has at least one token");
        }
    }

    /** Returns the name a token stands for: a quoted identifier without its mark, any other token as it is. */
    public static String name(String token) {
        return token.startsWith(SqlLexer.QUOTED) ? token.substring(SqlLexer.QUOTED.length()) : token;
    }

    /** Returns the statement's first token. */
    public String first() {
        return tokens.get(0);
    }

    /** Returns the tokens with quoted identifiers as plain names, for matching names whether quoted or not. */
    public List<String> names() {
        return tokens.stream().map(LexedStatement::name).toList();
    }

    /** Tells whether this is a CREATE TRIGGER whose body is not closed by its last word, END. */
    public boolean isUnfinishedTrigger() {
        return SqlLexer.inTriggerBody(tokens)
                || (SqlLexer.isTrigger(tokens) && !tokens.get(tokens.size() - 1).equals("END"));
    }
}
