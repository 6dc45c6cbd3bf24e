package io.dqlite.core.session;

import java.sql.SQLException;

/** Confirms that this node still leads before a read is served (invariant 4). */
@FunctionalInterface
public interface LeadershipCheck {

    /** Returns normally if this node is confirmed leader; throws {@link io.dqlite.jdbc.LeadershipLostException} otherwise. */
    void confirm() throws SQLException;
}
