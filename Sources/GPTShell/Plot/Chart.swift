/// A line chart as both renderers (terminal and SVG) draw it: a few series over a step axis.
struct Chart {
    struct Point: Equatable {
        var x: Double
        var y: Double
    }

    struct Series {
        enum Style {
            case line
            /// A line with a marker at every point: sparse measurements such as evaluations.
            case markers
            /// A dashed line: what is planned rather than measured.
            case dashed
        }

        var name: String
        var points: [Point]
        var style: Style
    }

    var title: String
    /// The configuration the chart is about, shown under the title.
    var subtitle: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    /// Steps on a logarithmic axis, which spreads out the early part of a run.
    var logX = false
    /// The y axis starts at 0 (a learning rate) rather than near the smallest value (a loss).
    var yFromZero = false
    /// A vertical line across the chart, such as the current step.
    var marker: (x: Double, label: String)?

    var isEmpty: Bool { series.allSatisfy(\.points.isEmpty) }
}
