package io.dqlite.jdbc.protocol;

import java.util.ArrayList;
import java.util.List;

/** Turns response messages back into {@link Response}s. */
final class ResponseDecoder {

    private ResponseDecoder() {
    }

    static Response decode(Frame frame, long protocolVersion, long clusterFormat) throws ProtocolException {
        BodyReader in = new BodyReader(frame, "response of type " + frame.type());
        switch (frame.type()) {
            case Response.Failure.TYPE:
                return new Response.Failure(in.uint64(), in.text());
            case Response.Server.TYPE:
                if (protocolVersion == ProtocolVersion.VERSION_LEGACY) {
                    return new Response.ServerLegacy(in.text());
                }
                return new Response.Server(in.uint64(), in.text());
            case Response.Welcome.TYPE:
                return new Response.Welcome(in.uint64());
            case Response.Servers.TYPE:
                return servers(in, clusterFormat);
            case Response.Db.TYPE:
                int id = in.uint32();
                in.uint32();
                return new Response.Db(id);
            case Response.Stmt.TYPE:
                return new Response.Stmt(in.uint32(), in.uint32(), in.uint64(), frame.schema() >= 1 ? in.uint64() : -1);
            case Response.Result.TYPE:
                return new Response.Result(in.uint64(), in.uint64());
            case Response.Rows.TYPE:
                return RowsCursor.open(frame).readAll();
            case Response.Empty.TYPE:
                in.uint64();
                return new Response.Empty();
            case Response.Files.TYPE:
                return files(in);
            case Response.Metadata.TYPE:
                return new Response.Metadata(in.uint64(), in.uint64());
            case Response.Identity.TYPE:
                return new Response.Identity(in.text(), in.text());
            default:
                throw new ProtocolException("unknown response type " + frame.type());
        }
    }

    private static Response.Servers servers(BodyReader in, long format) throws ProtocolException {
        int count = in.count(in.uint64(), 2 * Frame.WORD, "cluster members");
        List<NodeInfo> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long id = in.uint64();
            String address = in.text();
            NodeRole role = format == Request.Cluster.FORMAT_V0 ? NodeRole.VOTER : NodeRole.ofCode(in.uint64());
            nodes.add(new NodeInfo(id, address, role));
        }
        return new Response.Servers(format, nodes);
    }

    private static Response.Files files(BodyReader in) throws ProtocolException {
        int count = in.count(in.uint64(), 2 * Frame.WORD, "dump files");
        List<DumpFile> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            files.add(new DumpFile(in.text(), in.blob()));
        }
        return new Response.Files(files);
    }
}
