package ai.tuco.adapters.persistence.shared;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Column arrays for an {@code unnest} statement: each column travels as one text literal of a PostgreSQL array
 * ({@code {"a",NULL,"b"}}), cast by the statement ({@code CAST(:id AS text[])}, {@code bigint[]}...). Values are added
 * row by row, in the same column order on every row. The literal is built here in one pass, where the driver's
 * {@code createArrayOf} escaped it character by character (a quarter of a bulk accept's binding time).
 */
public final class TextColumns {
    private final List<String> names = new ArrayList<>();
    private final List<StringBuilder> literals = new ArrayList<>();
    private final int rows;
    private int next;
    private boolean firstRow = true;

    /** @param rows how many rows will be added (a sizing hint) */
    public TextColumns(int rows) {
        this.rows = rows;
    }

    /** The next column's value in the current row (a new row starts with the first column's name again). */
    public void add(String column, String value) {
        if (firstRow) {
            if (!names.isEmpty() && column.equals(names.get(0))) {
                firstRow = false;
                next = 0;
            } else {
                names.add(column);
                literals.add(new StringBuilder(16 + rows * 16).append('{'));
            }
        } else if (next == names.size()) {
            next = 0;
        }
        if (!names.get(next).equals(column)) {
            throw new IllegalStateException("column " + column + " where " + names.get(next) + " was expected");
        }
        element(literals.get(next), value);
        next++;
    }

    /** Appends one element to an array literal: NULL, or the value quoted with {@code "} and {@code \} escaped. */
    public static void element(StringBuilder literal, String value) {
        if (literal.length() > 1) {
            literal.append(',');
        }
        if (value == null) {
            literal.append("NULL");
            return;
        }
        literal.append('"');
        if (value.indexOf('"') < 0 && value.indexOf('\\') < 0) {
            // the common case, appended whole (indexOf is vectorised; append(value, from, to) copies char by char)
            literal.append(value).append('"');
            return;
        }
        int from = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                literal.append(value, from, i).append('\\');
                from = i;
            }
        }
        literal.append(value, from, value.length()).append('"');
    }

    /** A whole array literal of the values ({@code {}} when empty), for a column that holds an array per row. */
    public static String literal(List<String> values) {
        StringBuilder literal = new StringBuilder(2 + values.size() * 16).append('{');
        for (String v : values) {
            element(literal, v);
        }
        return literal.append('}').toString();
    }

    /** Binds each column's literal under its name. */
    public <S extends SqlStatement<S>> S bindTo(S statement) {
        if (next != names.size()) {
            throw new IllegalStateException("the last row stops at column " + names.get(next));
        }
        for (int i = 0; i < names.size(); i++) {
            statement.bind(names.get(i), literals.get(i).toString() + "}");
        }
        return statement;
    }
}
