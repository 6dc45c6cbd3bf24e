package io.dqlite.jdbc.protocol;

import io.dqlite.jdbc.session.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Encodes and decodes the two kinds of value tuples: statement parameters and result rows. */
final class Values {

    /** The largest parameter count that fits the one-byte count of schema 0. */
    static final int MAX_SCHEMA_0_PARAMETERS = 255;

    private Values() {
    }

    /** Returns the schema that can carry {@code parameters}: 0 up to 255 of them, else 1. */
    static int parameterSchema(List<Object> parameters) {
        return parameters.size() > MAX_SCHEMA_0_PARAMETERS ? 1 : 0;
    }

    /** Writes a parameter tuple; like go-dqlite, writes nothing at all for no parameters. */
    static void writeParameters(BodyWriter out, List<Object> parameters, int schema) {
        if (parameters.isEmpty()) {
            return;
        }
        if (schema == 0) {
            out.uint8(parameters.size());
        } else {
            out.uint32(parameters.size());
        }
        List<ValueType> types = new ArrayList<>(parameters.size());
        for (Object parameter : parameters) {
            ValueType type = parameterType(parameter);
            types.add(type);
            out.uint8(type.code());
        }
        out.padToWord();
        for (int i = 0; i < parameters.size(); i++) {
            writeValue(out, types.get(i), parameters.get(i));
        }
    }

    /** Reads a parameter tuple of schema {@code schema}; an exhausted body means no parameters. */
    static List<Object> readParameters(BodyReader in, int schema) throws ProtocolException {
        if (in.remaining() == 0) {
            return List.of();
        }
        long declared = schema == 0 ? in.uint8() : Integer.toUnsignedLong(in.uint32());
        int count = in.count(declared, Frame.WORD + 1, "parameters");
        ValueType[] types = new ValueType[count];
        for (int i = 0; i < count; i++) {
            types[i] = typeOf(in, in.uint8(), "parameter " + (i + 1));
        }
        in.skipPadding();
        List<Object> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(readValue(in, types[i]));
        }
        return values;
    }

    /** Writes a row: a header of 4-bit type codes padded to a word, then the values. */
    static void writeRow(BodyWriter out, Row row) {
        int columns = row.types().size();
        int header = out.reserve(headerBytes(columns));
        for (int i = 0; i < columns; i++) {
            int code = row.types().get(i).code();
            int slot = header + i / 2;
            if (i % 2 == 0) {
                out.set(slot, code);
            } else {
                out.set(slot, code << 4 | row.types().get(i - 1).code());
            }
        }
        for (int i = 0; i < columns; i++) {
            writeValue(out, row.types().get(i), row.values().get(i));
        }
    }

    /** Reads a row of {@code columns} values whose header starts at the reader's position. */
    static Row readRow(BodyReader in, int columns) throws ProtocolException {
        int headerBytes = in.count(headerBytes(columns), 1, "row header bytes");
        ValueType[] types = new ValueType[columns];
        for (int i = 0; i < headerBytes; i++) {
            int slot = in.uint8();
            for (int half = 0; half < 2; half++) {
                int column = i * 2 + half;
                int code = half == 0 ? slot & 0x0f : slot >>> 4;
                if (column < columns) {
                    types[column] = typeOf(in, code, "column " + column);
                } else if (code != 0) {
                    throw in.error("row header padding holds the non-zero type code " + code);
                }
            }
        }
        List<Object> values = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            values.add(readValue(in, types[i]));
        }
        return new Row(List.of(types), values);
    }

    private static int headerBytes(int columns) {
        int bytes = (columns + 1) / 2;
        return (bytes + Frame.WORD - 1) / Frame.WORD * Frame.WORD;
    }

    private static ValueType typeOf(BodyReader in, int code, String what) throws ProtocolException {
        ValueType type = ValueType.ofCode(code);
        if (type == null) {
            throw in.error(what + " has the unknown value type code " + code);
        }
        return type;
    }

    /** Returns the wire type of a parameter given as a Java value. */
    static ValueType parameterType(Object value) {
        if (value == null) {
            return ValueType.NULL;
        }
        if (value instanceof Boolean) {
            return ValueType.BOOLEAN;
        }
        if (value instanceof String) {
            return ValueType.TEXT;
        }
        if (value instanceof byte[]) {
            return ValueType.BLOB;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof AtomicLong || value instanceof AtomicInteger) {
            return ValueType.INTEGER;
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? ValueType.INTEGER : ValueType.FLOAT;
        }
        if (value instanceof BigDecimal decimal) {
            return isLong(decimal) ? ValueType.INTEGER : ValueType.FLOAT;
        }
        if (value instanceof Number) {
            return ValueType.FLOAT;
        }
        throw new IllegalArgumentException("a parameter of type " + value.getClass().getName()
                + " cannot be sent; use null, Long, Double, String, byte[], Boolean or another Number");
    }

    private static boolean isLong(BigDecimal decimal) {
        try {
            decimal.longValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static void writeValue(BodyWriter out, ValueType type, Object value) {
        switch (type) {
            case INTEGER, UNIXTIME -> out.uint64(asNumber(type, value).longValue());
            case FLOAT -> out.float64(asNumber(type, value).doubleValue());
            case TEXT -> out.text(as(String.class, type, value));
            case ISO8601 -> out.text(value == null ? "" : as(String.class, type, value));
            case BLOB -> out.blob(as(byte[].class, type, value));
            case NULL -> out.uint64(0);
            case BOOLEAN -> out.uint64(Boolean.TRUE.equals(as(Boolean.class, type, value)) ? 1 : 0);
        }
    }

    private static Number asNumber(ValueType type, Object value) {
        if (value instanceof BigDecimal decimal && type != ValueType.FLOAT) {
            return decimal.longValueExact();
        }
        return as(Number.class, type, value);
    }

    private static <T> T as(Class<T> javaType, ValueType type, Object value) {
        if (!javaType.isInstance(value)) {
            throw new IllegalArgumentException("a value of wire type " + type + " must be a " + javaType.getSimpleName()
                    + ", not " + (value == null ? "null" : value.getClass().getName()));
        }
        return javaType.cast(value);
    }

    private static Object readValue(BodyReader in, ValueType type) throws ProtocolException {
        switch (type) {
            case INTEGER:
            case UNIXTIME:
                return in.uint64();
            case FLOAT:
                return in.float64();
            case TEXT:
                return in.text();
            case ISO8601:
                String text = in.text();
                return text.isEmpty() ? null : text;
            case BLOB:
                return in.blob();
            case NULL:
                in.uint64();
                return null;
            case BOOLEAN:
                return in.uint64() != 0;
            default:
                throw in.error("unhandled value type " + type);
        }
    }
}
