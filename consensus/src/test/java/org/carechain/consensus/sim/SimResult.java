package org.carechain.consensus.sim;

/** What one schedule did, for the coverage summary and for spotting a simulator that injects nothing. */
record SimResult(
    long seed,
    int n,
    int byzantine,
    long events,
    long simulatedMillis,
    long messages,
    long dropped,
    long crashes,
    long catchUps,
    long forgedCertificatesRejected,
    long evidence,
    int maxDecisionRound,
    int maxRoundAfterGst) {

  static final class Builder {
    long messages;
    long dropped;
    long crashes;
    long catchUps;
    long forgedCertificatesRejected;
    long evidence;
    int maxDecisionRound;
    int maxRoundAfterGst;

    SimResult build(Scenario scenario, long events, long now) {
      return new SimResult(scenario.seed(), scenario.n(), scenario.byzantine().size(), events, now, messages,
          dropped, crashes, catchUps, forgedCertificatesRejected, evidence, maxDecisionRound, maxRoundAfterGst);
    }
  }
}
