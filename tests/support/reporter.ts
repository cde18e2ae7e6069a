import Mocha from "mocha";

/**
 * Mocha's spec reporter plus one closing line in the plain form CI tools read: "N passed, N failed".
 */
class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = runner.stats;
      if (!stats) return;
      const skipped = stats.pending ? `, ${stats.pending} skipped` : "";
      console.log(`tests: ${stats.passes} passed, ${stats.failures} failed${skipped}`);
    });
  }
}

export = SpecWithSummary;
