package io.dqlite.jdbc.client;

import java.io.IOException;

/**
 * Asked, while a client waits long for a node's answer, whether that node still leads: a leader
 * that is paused or cut off from its peers may never answer, while the others have elected a new
 * one the client should go to.
 */
@FunctionalInterface
interface LeaderWatch {

    /**
     * Returns if {@code node} may still lead.
     *
     * @throws IOException naming the new leader if another node is confirmed to lead now
     */
    void confirmLeads(NodeAddress node) throws IOException;
}
