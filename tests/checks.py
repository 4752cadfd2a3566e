"""What the Python test programs share: one line per check, and the
doctest-like summary that scripts/summarize-tests counts."""


class Checks:
    def __init__(self, print_passes=True):
        """print_passes=False: only failed checks are printed (for programs
        that make thousands of checks)."""
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.print_passes = print_passes

    def check(self, ok, what, detail=""):
        """Counts one check and prints it; on failure also `detail`."""
        if ok:
            self.passed += 1
            if self.print_passes:
                print(f"ok: {what}")
        else:
            self.failed += 1
            print(f"FAILED: {what}")
            if detail:
                print("  " + detail.replace("\n", "\n  "))

    def skip(self, why):
        """Counts checks that cannot run here, saying why."""
        self.skipped += 1
        print(f"skipped: {why}")

    def summary(self):
        """Prints the summary line; returns the exit status."""
        skipped = f" | {self.skipped} skipped" if self.skipped else ""
        print(f"[doctest] test cases: {self.passed + self.failed} | {self.passed} passed"
              f" | {self.failed} failed{skipped}")
        return 1 if self.failed else 0
