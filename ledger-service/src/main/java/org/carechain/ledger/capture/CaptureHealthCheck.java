package org.carechain.ledger.capture;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Whether change capture keeps up: DOWN when it cannot read the EHR database, or when its slot
 * retains more WAL than allowed (the ledger is not taking changes, and the database's disk fills).
 * A wellness check ({@code /q/health/well}, and in {@code /q/health}), not readiness: the node
 * still validates and serves while its own database's capture is down. Always UP where capture is
 * off.
 */
@Wellness
@ApplicationScoped
public class CaptureHealthCheck implements HealthCheck {

    @Inject
    EhrCapture capture;

    @Override
    public HealthCheckResponse call() {
        CaptureStatus status = capture.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("ehr-capture")
                .withData("state", status.state().name());
        if (status.state() == CaptureStatus.State.DISABLED) {
            return response.up().build();
        }
        long retained = capture.retainedWalBytes();
        response.withData("retainedWalBytes", retained).withData("maxRetainedWalBytes", capture.maxRetainedWalBytes());
        if (status.state() == CaptureStatus.State.FAILED) {
            return response.down().withData("reason", status.message()).build();
        }
        if (retained > capture.maxRetainedWalBytes()) {
            return response.down().withData("reason", "the replication slot retains " + retained
                    + " bytes of WAL: the ledger is not taking changes fast enough, or at all").build();
        }
        return response.up().build();
    }
}
