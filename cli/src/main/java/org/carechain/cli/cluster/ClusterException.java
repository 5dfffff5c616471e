package org.carechain.cli.cluster;

/** A local-cluster failure whose message tells the user what happened and what to do. */
public class ClusterException extends RuntimeException {

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
