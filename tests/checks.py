"""What the Python test programs share: one line per check, and the
doctest-like summary that scripts/summarize-tests counts."""


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        """Counts one check and prints it; on failure also `detail`."""
        if ok:
            self.passed += 1
            print(f"ok: {what}")
        else:
            self.failed += 1
            print(f"FAILED: {what}")
            if detail:
                print("  " + detail.replace("\n", "\n  "))

    def summary(self):
        """Prints the summary line; returns the exit status."""
        print(f"[doctest] test cases: {self.passed + self.failed} | {self.passed} passed"
              f" | {self.failed} failed")
        return 1 if self.failed else 0
