extension CommandSpec {
    /// Every command, in the order `help` lists them. The parser, `help` and tab completion all
    /// read this table: adding a command is adding its entry here (and its file in Commands/).
    public static let table: [CommandSpec] = [
        .loadCorpus, .loadPairs, .tokenizerChar, .set, .initialize, .train, .eval, .sample,
        .tokenizerByte, .tokenizerBPE, .tokenizerWords, .encode, .score, .chat, .answer,
        .save, .loadCheckpoint, .loadHF, .exportHF, .show, .showCheckpoint, .showAttention,
        .log, .logOff, .plot, .plotLR, .history, .historySave,
        .assert, .echo, .run, .help, .quit,
    ]
}
