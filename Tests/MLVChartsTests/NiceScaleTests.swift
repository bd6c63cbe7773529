import MLVCharts
import Testing

@Suite struct NiceScaleTests {
    @Test("ticks step by 1, 2 or 5 times a power of ten and cover the range")
    func ticks() {
        let scale = NiceScale(minimum: 0.8123, maximum: 0.9377)
        #expect(scale.step == 0.05)
        #expect(scale.ticks == [0.8, 0.85, 0.9, 0.95])
        #expect(scale.ticks.map(scale.label) == ["0.80", "0.85", "0.90", "0.95"])

        let wide = NiceScale(minimum: -3, maximum: 97)
        #expect(wide.ticks == [-50, 0, 50, 100])
        #expect(wide.label(-50) == "-50")

        let tiny = NiceScale(minimum: 0.0001, maximum: 0.0004)
        #expect(tiny.step == 0.0001)
        #expect(tiny.ticks.map(tiny.label) == ["0.0001", "0.0002", "0.0003", "0.0004"])
    }

    @Test("tick values carry no binary rounding noise")
    func exactTicks() {
        let scale = NiceScale(minimum: 0.1, maximum: 0.7, targetTicks: 7)
        #expect(scale.ticks.map(scale.label) == ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
        #expect(scale.ticks.contains(0.3))
        #expect(!scale.ticks.map(scale.label).joined().contains("0000"))
    }

    @Test(
        "steps round up to the next of 1, 2, 5",
        arguments: [(0.9, 1.0), (1.0, 1.0), (1.3, 2.0), (2.5, 5.0), (7.0, 10.0), (0.03, 0.05), (4000, 5000)])
    func steps(raw: Double, expected: Double) {
        let scale = NiceScale(minimum: 0, maximum: raw * 4, targetTicks: 5)
        #expect(abs(scale.step - expected) < expected * 1e-12)
    }

    @Test("one value gets a range around it; no finite value gets 0 to 1")
    func degenerate() {
        let single = NiceScale(minimum: 5, maximum: 5)
        #expect(single.lower < 5 && single.upper > 5)
        let zero = NiceScale(minimum: 0, maximum: 0)
        #expect(zero.lower == -1 && zero.upper == 1)
        let none = NiceScale(minimum: .nan, maximum: .infinity)
        #expect(none.lower == 0 && none.upper == 1)
    }

    @Test("numbers are written short")
    func numbers() {
        #expect(ChartNumber.format(0.1 + 0.2) == "0.3")
        #expect(ChartNumber.format(0.937_51) == "0.9375")
        #expect(ChartNumber.format(1_234_567) == "1234567")
        #expect(ChartNumber.format(-2.5) == "-2.5")
        #expect(ChartNumber.format(0) == "0")
        #expect(ChartNumber.format(1.5e-7) == "1.5e-07")
        #expect(ChartNumber.format(.nan) == "nan")
        #expect(ChartNumber.fixed(-0.000_01, decimals: 2) == "0")
        #expect(ChartNumber.fixed(2.5, decimals: 2, trimZeros: false) == "2.50")
    }

    @Test("x labels thin to a 1-2-5 stride that fits")
    func labelStride() {
        #expect(LineChart.labelStride(count: 5, plotWidth: 600, labelWidth: 90) == 1)
        #expect(LineChart.labelStride(count: 12, plotWidth: 600, labelWidth: 90) == 2)
        #expect(LineChart.labelStride(count: 1000, plotWidth: 600, labelWidth: 90) == 200)
        let stride = LineChart.labelStride(count: 1000, plotWidth: 640, labelWidth: 92)
        #expect((1000 + stride - 1) / stride <= 640 / 92)
    }
}
