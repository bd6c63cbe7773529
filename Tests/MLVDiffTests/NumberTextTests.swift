import Testing

@testable import MLVDiff

@Suite struct NumberTextTests {
    @Test(
        "significant digits print as C's %g",
        arguments: [
            (0.0123456, 3, "0.0123"), (0.0001, 3, "0.0001"), (0.00001234, 3, "1.23e-05"), (123.456, 3, "123"),
            (1234.5, 3, "1.23e+03"), (999.96, 4, "1000"), (9.9996, 4, "10"), (-0.5, 3, "-0.5"), (0, 3, "0"),
            (100, 3, "100"), (1, 6, "1"), (0.986683, 6, "0.986683"), (2.5e300, 2, "2.5e+300"),
            (Double.infinity, 3, "inf"), (-Double.infinity, 3, "-inf"), (Double.nan, 3, "nan"),
        ] as [(Double, Int, String)])
    func significant(value: Double, digits: Int, expected: String) {
        #expect(NumberText.significant(value, digits: digits) == expected)
    }

    @Test("byte counts in decimal units with one decimal") func bytes() {
        #expect(NumberText.bytes(0) == "0 B")
        #expect(NumberText.bytes(999) == "999 B")
        #expect(NumberText.bytes(1000) == "1.0 kB")
        #expect(NumberText.bytes(1_234_567) == "1.2 MB")
        #expect(NumberText.bytes(999_960) == "1.0 MB")
        #expect(NumberText.bytes(UInt64.max) == "18.4 EB")
    }

    @Test("percentages") func percentages() {
        #expect(NumberText.percentDown(0.99999) == "99.9%")
        #expect(NumberText.percentDown(1) == "100.0%")
        #expect(NumberText.signedPercent(0.0834) == "+8.3%")
        #expect(NumberText.signedPercent(-0.0004) == "+0.0%")
        #expect(NumberText.signedPercent(-0.0834) == "-8.3%")
    }
}
