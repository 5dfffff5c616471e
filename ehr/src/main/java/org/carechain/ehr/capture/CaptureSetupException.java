package org.carechain.ehr.capture;

import java.util.List;

/** Change capture cannot start; the message lists every problem with its fix. */
public final class CaptureSetupException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<SetupProblem> problems;

  public CaptureSetupException(String where, List<SetupProblem> problems) {
    super(message(where, problems));
    this.problems = List.copyOf(problems);
  }

  public List<SetupProblem> problems() {
    return problems;
  }

  private static String message(String where, List<SetupProblem> problems) {
    StringBuilder text = new StringBuilder("change capture cannot start on ").append(where).append(": ")
        .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
    for (int i = 0; i < problems.size(); i++) {
      SetupProblem problem = problems.get(i);
      text.append("\n  ").append(i + 1).append(". ").append(problem.description())
          .append("\n     Fix: ").append(problem.fix());
    }
    return text.toString();
  }
}
