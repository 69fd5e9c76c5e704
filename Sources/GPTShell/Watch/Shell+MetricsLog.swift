extension Shell {
    /// Appends to the metrics log, if there is one. A log that cannot be written is closed with
    /// a note, rather than failing the training it describes.
    func log(_ record: MetricsRecord) {
        guard let metricsLog else { return }
        do {
            try metricsLog.write(record)
        } catch {
            output.note("\(error); logging is off")
            self.metricsLog = nil
        }
    }
}
