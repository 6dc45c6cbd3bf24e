package io.dqlite.jdbc.protocol;

import java.util.List;

/** A message a client sends to a node; each record is one request type of the wire protocol. */
public sealed interface Request {

    /** Returns the request's type code. */
    int type();

    /** Encodes the request into a message. */
    Frame encode();

    /** Decodes a request message, failing with a {@link ProtocolException} naming what is malformed. */
    static Request decode(Frame frame) throws ProtocolException {
        return RequestCodec.decode(frame);
    }

    /** Asks which node is the leader (type 0). */
    record Leader() implements Request {
        /** The type code. */
        public static final int TYPE = 0;

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

    /** Registers a client with its id (type 1). */
    record Client(long id) implements Request {
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
            return out.toFrame(TYPE, 0);
        }
    }

    /** The legacy heartbeat with a timestamp (type 2). */
    record Heartbeat(long timestamp) implements Request {
        /** The type code. */
        public static final int TYPE = 2;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(timestamp);
            return out.toFrame(TYPE, 0);
        }
    }

    /** Opens database {@code name} with SQLite open flags and a VFS name (type 3). */
    record Open(String name, long flags, String vfs) implements Request {
        /** The type code. */
        public static final int TYPE = 3;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.text(name);
            out.uint64(flags);
            out.text(vfs);
            return out.toFrame(TYPE, 0);
        }
    }

    /** Prepares {@code sql} on database {@code databaseId} (type 4). */
    record Prepare(long databaseId, String sql) implements Request {
        /** The type code. */
        public static final int TYPE = 4;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(databaseId);
            out.text(sql);
            return out.toFrame(TYPE, 0);
        }
    }

    /** Executes a prepared statement with parameters (type 5; schema 1 when over 255 parameters). */
    record Exec(int databaseId, int statementId, List<Object> parameters) implements Request {
        /** The type code. */
        public static final int TYPE = 5;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            return RequestCodec.encodeStatement(TYPE, databaseId, statementId, parameters);
        }
    }

    /** Runs a prepared query with parameters (type 6; schema 1 when over 255 parameters). */
    record Query(int databaseId, int statementId, List<Object> parameters) implements Request {
        /** The type code. */
        public static final int TYPE = 6;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            return RequestCodec.encodeStatement(TYPE, databaseId, statementId, parameters);
        }
    }

    /** Releases a prepared statement (type 7). */
    record Finalize(int databaseId, int statementId) implements Request {
        /** The type code. */
        public static final int TYPE = 7;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint32(databaseId);
            out.uint32(statementId);
            return out.toFrame(TYPE, 0);
        }
    }

    /** Executes every statement of {@code sql} (type 8; schema 1 when over 255 parameters). */
    record ExecSql(long databaseId, String sql, List<Object> parameters) implements Request {
        /** The type code. */
        public static final int TYPE = 8;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            return RequestCodec.encodeSql(TYPE, databaseId, sql, parameters);
        }
    }

    /** Runs the query {@code sql} (type 9; schema 1 when over 255 parameters). */
    record QuerySql(long databaseId, String sql, List<Object> parameters) implements Request {
        /** The type code. */
        public static final int TYPE = 9;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            return RequestCodec.encodeSql(TYPE, databaseId, sql, parameters);
        }
    }

    /** Stops the query running on database {@code databaseId} (type 10). */
    record Interrupt(long databaseId) implements Request {
        /** The type code. */
        public static final int TYPE = 10;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(databaseId);
            return out.toFrame(TYPE, 0);
        }
    }

    /** Adds a node to the cluster as a spare (type 12). */
    record Add(long id, String address) implements Request {
        /** The type code. */
        public static final int TYPE = 12;

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

    /** Gives node {@code id} a role; the legacy PROMOTE form without a role means VOTER (type 13). */
    record Assign(long id, NodeRole role) implements Request {
        /** The type code. */
        public static final int TYPE = 13;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(id);
            out.uint64(role.code());
            return out.toFrame(TYPE, 0);
        }
    }

    /** Removes node {@code id} from the cluster (type 14). */
    record Remove(long id) implements Request {
        /** The type code. */
        public static final int TYPE = 14;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(id);
            return out.toFrame(TYPE, 0);
        }
    }

    /** Asks for the files of database {@code name} (type 15). */
    record Dump(String name) implements Request {
        /** The type code. */
        public static final int TYPE = 15;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.text(name);
            return out.toFrame(TYPE, 0);
        }
    }

    /** Asks for the cluster's members; format 1 includes their roles (type 16). */
    record Cluster(long format) implements Request {
        /** The type code. */
        public static final int TYPE = 16;
        /** The format with ids and addresses. */
        public static final int FORMAT_V0 = 0;
        /** The format with ids, addresses and roles. */
        public static final int FORMAT_V1 = 1;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(format);
            return out.toFrame(TYPE, 0);
        }
    }

    /** Transfers leadership to node {@code id} (type 17). */
    record Transfer(long id) implements Request {
        /** The type code. */
        public static final int TYPE = 17;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(id);
            return out.toFrame(TYPE, 0);
        }
    }

    /** Asks for the node's metadata in a format, 0 being the only one (type 18). */
    record Describe(long format) implements Request {
        /** The type code. */
        public static final int TYPE = 18;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(format);
            return out.toFrame(TYPE, 0);
        }
    }

    /** Sets the node's weight (type 19). */
    record Weight(long weight) implements Request {
        /** The type code. */
        public static final int TYPE = 19;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public Frame encode() {
            BodyWriter out = new BodyWriter();
            out.uint64(weight);
            return out.toFrame(TYPE, 0);
        }
    }

    /**
     * Asks which cluster the node belongs to (type 128, an extension of dqlite's protocol: a joining node learns the
     * id of the cluster it joins). Its body is a format, 0.
     */
    record Identify() implements Request {
        /** The type code. */
        public static final int TYPE = 128;

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
}
