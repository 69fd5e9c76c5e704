import Foundation
import Synchronization

/// Ctrl-C as a flag: the signal handler only sets it (all a handler may safely do); training,
/// sampling and the input readers poll it at points where stopping leaves everything consistent.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    public static func request() { flag.store(true, ordering: .relaxed) }

    public static func clear() { flag.store(false, ordering: .relaxed) }

    /// Installs the SIGINT handler without SA_RESTART, so a blocked read returns EINTR and
    /// the reader can notice the interrupt. A parent may have started gptsh with SIGINT
    /// blocked (threads of some runtimes block it and children inherit the mask); unblock it.
    public static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.request() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }
}
