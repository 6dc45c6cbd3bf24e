package io.dqlite.jdbc.protocol;

import io.dqlite.jdbc.session.ValueType;
import java.util.List;

/** One row of a result: the wire type and the value of each column. */
public record Row(List<ValueType> types, List<Object> values) {

    /** Checks that there is a type for every value. */
    public Row {
        if (types.size() != values.size()) {
            throw new IllegalArgumentException("row has " + types.size() + " types but " + values.size() + " values");
        }
        types = List.copyOf(types);
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }
}
