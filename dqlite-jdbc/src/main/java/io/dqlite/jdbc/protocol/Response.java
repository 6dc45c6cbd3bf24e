package io.dqlite.jdbc.protocol;

import java.util.List;

/** A message a node sends back to a client; each record is one response type of the wire protocol. */
public sealed interface Response {

    /** Returns the response's type code. */
    int type();

    /** Encodes the response into a message. */
    Frame encode();

    /**
     * Decodes a response; {@code protocolVersion} decides the layout of a leader response and
     * {@code clusterFormat} whether a SERVERS response carries roles.
     */
    static Response decode(Frame frame, long protocolVersion, long clusterFormat) throws ProtocolException {
        return ResponseDecoder.decode(frame, protocolVersion, clusterFormat);
    }

    /** Decodes a response of protocol version 1, reading SERVERS in format 1. */
    static Response decode(Frame frame) throws ProtocolException {
        return decode(frame, ProtocolVersion.VERSION_ONE, Request.Cluster.FORMAT_V1);
    }

    /** A failed request: SQLite's extended code and a message (type 0). */
    record Failure(long code, String message) implements Response {
        /** The type code. */
        public static final int TYPE = 0;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(code);
            out.text(message);
            return out.toFrame(TYPE, 0);
        }
    }

    /** The leader's id and address, both empty (0, "") when no leader is known (type 1). */
    record Server(long id, String address) implements Response {
        /** The type code. */
        public static final int TYPE = 1;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(id);
            out.text(address);
            return out.toFrame(TYPE, 0);
        }
    }

    /** The leader's address as the legacy protocol sends it, without an id (type 1). */
    record ServerLegacy(String address) implements Response {
        @Override
        public int type() {
            return Server.TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.text(address);
            return out.toFrame(Server.TYPE, 0);
        }
    }

    /** The legacy answer to CLIENT with the heartbeat timeout (type 2). */
    record Welcome(long heartbeatTimeout) implements Response {
        /** The type code. */
        public static final int TYPE = 2;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(heartbeatTimeout);
            return out.toFrame(TYPE, 0);
        }
    }

    /** The cluster's members, with roles only in format 1 (type 3). */
    record Servers(long format, List<NodeInfo> nodes) implements Response {
        /** The type code. */
        public static final int TYPE = 3;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(nodes.size());
            for (NodeInfo node : nodes) {
                out.uint64(node.id());
                out.text(node.address());
                if (format != Request.Cluster.FORMAT_V0) {
                    out.uint64(node.role().code());
                }
            }
            return out.toFrame(TYPE, 0);
        }
    }

    /** The id of an opened database (type 4). */
    record Db(int id) implements Response {
        /** The type code. */
        public static final int TYPE = 4;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint32(id);
            out.uint32(0);
            return out.toFrame(TYPE, 0);
        }
    }

    /**
     * A prepared statement: its database, id and parameter count, and, in schema 1, the offset in the
     * SQL where the statement's tail starts; a negative offset means schema 0 (type 5).
     */
    record Stmt(int databaseId, int statementId, long parameterCount, long tailOffset) implements Response {
        /** The type code. */
        public static final int TYPE = 5;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint32(databaseId);
            out.uint32(statementId);
            out.uint64(parameterCount);
            if (tailOffset >= 0) {
                out.uint64(tailOffset);
                return out.toFrame(TYPE, 1);
            }
            return out.toFrame(TYPE, 0);
        }
    }

    /** The outcome of an executed statement (type 6). */
    record Result(long lastInsertId, long rowsAffected) implements Response {
        /** The type code. */
        public static final int TYPE = 6;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(lastInsertId);
            out.uint64(rowsAffected);
            return out.toFrame(TYPE, 0);
        }
    }

    /**
     * One batch of a result: the columns, some rows, and whether it is the last batch ({@code done})
     * or another ROWS message follows (type 7). Clients stream a batch with {@link RowsCursor} instead.
     */
    record Rows(List<String> columns, List<Row> rows, boolean done) implements Response {
        /** The type code. */
        public static final int TYPE = 7;
        /** The word that ends the last batch of a result. */
        public static final long DONE = 0xffffffffffffffffL;
        /** The word that ends a batch after which another follows. */
        public static final long PART = 0xeeeeeeeeeeeeeeeeL;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(columns.size());
            for (String column : columns) {
                out.text(column);
            }
            for (Row row : rows) {
                if (row.types().size() != columns.size()) {
                    throw new IllegalArgumentException("a row of " + row.types().size() + " values in a result of "
                            + columns.size() + " columns");
                }
                Values.writeRow(out, row);
            }
            out.uint64(done ? DONE : PART);
            return out.toFrame(TYPE, 0);
        }
    }

    /** A request succeeded with nothing to return (type 8). */
    record Empty() implements Response {
        /** The type code. */
        public static final int TYPE = 8;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(0);
            return out.toFrame(TYPE, 0);
        }
    }

    /** The files of a database dump (type 9). */
    record Files(List<DumpFile> files) implements Response {
        /** The type code. */
        public static final int TYPE = 9;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(files.size());
            for (DumpFile file : files) {
                out.text(file.name());
                out.blob(file.content());
            }
            return out.toFrame(TYPE, 0);
        }
    }

    /** The node's failure domain and weight (type 10). */
    record Metadata(long failureDomain, long weight) implements Response {
        /** The type code. */
        public static final int TYPE = 10;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(failureDomain);
            out.uint64(weight);
            return out.toFrame(TYPE, 0);
        }
    }

    /**
     * The cluster the node belongs to (type 128, answering {@link Request.Identify}): its id, and its name or an empty
     * text if it has none.
     */
    record Identity(String clusterId, String clusterName) implements Response {
        /** The type code. */
        public static final int TYPE = 128;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.text(clusterId);
            out.text(clusterName);
            return out.toFrame(TYPE, 0);
        }
    }
}
