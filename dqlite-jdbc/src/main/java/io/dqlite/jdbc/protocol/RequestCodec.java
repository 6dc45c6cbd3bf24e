package io.dqlite.jdbc.protocol;

import java.util.List;

/** Writes the bodies that statement requests share and turns request messages back into {@link Request}s. */
final class RequestCodec {

    private RequestCodec() {
    }

    static Frame encodeStatement(int type, int databaseId, int statementId, List<Object> parameters) {
        BodyWriter out = new BodyWriter();
        out.uint32(databaseId);
        out.uint32(statementId);
        int schema = Values.parameterSchema(parameters);
        Values.writeParameters(out, parameters, schema);
        return out.toFrame(type, schema);
    }

    static Frame encodeSql(int type, long databaseId, String sql, List<Object> parameters) {
        BodyWriter out = new BodyWriter();
        out.uint64(databaseId);
        out.text(sql);
        int schema = Values.parameterSchema(parameters);
        Values.writeParameters(out, parameters, schema);
        return out.toFrame(type, schema);
    }

    static Request decode(Frame frame) throws ProtocolException {
        BodyReader in = new BodyReader(frame, "request of type " + frame.type());
        switch (frame.type()) {
            case Request.Leader.TYPE:
                in.uint64();
                return new Request.Leader();
            case Request.Client.TYPE:
                return new Request.Client(in.uint64());
            case Request.Heartbeat.TYPE:
                return new Request.Heartbeat(in.uint64());
            case Request.Open.TYPE:
                return new Request.Open(in.text(), in.uint64(), in.text());
            case Request.Prepare.TYPE:
                return new Request.Prepare(in.uint64(), in.text());
            case Request.Exec.TYPE:
                return new Request.Exec(in.uint32(), in.uint32(), Values.readParameters(in, parameterSchema(frame)));
            case Request.Query.TYPE:
                return new Request.Query(in.uint32(), in.uint32(), Values.readParameters(in, parameterSchema(frame)));
            case Request.Finalize.TYPE:
                return new Request.Finalize(in.uint32(), in.uint32());
            case Request.ExecSql.TYPE:
                return new Request.ExecSql(in.uint64(), in.text(), Values.readParameters(in, parameterSchema(frame)));
            case Request.QuerySql.TYPE:
                return new Request.QuerySql(in.uint64(), in.text(), Values.readParameters(in, parameterSchema(frame)));
            case Request.Interrupt.TYPE:
                return new Request.Interrupt(in.uint64());
            case Request.Add.TYPE:
                return new Request.Add(in.uint64(), in.text());
            case Request.Assign.TYPE:
                long id = in.uint64();
                return new Request.Assign(id, in.remaining() == 0 ? NodeRole.VOTER : NodeRole.ofCode(in.uint64()));
            case Request.Remove.TYPE:
                return new Request.Remove(in.uint64());
            case Request.Dump.TYPE:
                return new Request.Dump(in.text());
            case Request.Cluster.TYPE:
                return new Request.Cluster(in.uint64());
            case Request.Transfer.TYPE:
                return new Request.Transfer(in.uint64());
            case Request.Describe.TYPE:
                return new Request.Describe(in.uint64());
            case Request.Weight.TYPE:
                return new Request.Weight(in.uint64());
            case Request.Identify.TYPE:
                in.uint64();
                return new Request.Identify();
            default:
                throw new ProtocolException("unknown request type " + frame.type());
        }
    }

    private static int parameterSchema(Frame frame) throws ProtocolException {
        if (frame.schema() > 1) {
            throw new ProtocolException("request of type " + frame.type() + " has the unknown schema "
                    + frame.schema() + "; schemas 0 and 1 are known");
        }
        return frame.schema();
    }
}
