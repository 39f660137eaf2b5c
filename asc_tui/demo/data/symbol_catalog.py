"""Where the demo apps spend their time: the code behind each diagnostic signature, and
the system frames around it. ``{A}``/``{B}`` stand for the app's two domain nouns and
``APP`` for the app's own binary."""

from __future__ import annotations

from dataclasses import dataclass

APP = "APP"
Sym = tuple[str, str]
"""(binary, symbol); binary ``APP`` means the app's executable."""


@dataclass(frozen=True)
class BlameSite:
    diagnostic_type: str
    blame: Sym
    file: str = ""
    callers: tuple[Sym, ...] = ()
    """App frames just above the blame frame (outermost first)."""
    tail: tuple[Sym, ...] = ()
    """Frames the blame frame calls, down to the leaf."""
    insight: str | None = None
    """Key into LOG_INSIGHTS."""
    apps: tuple[str, ...] = ()
    """Only for these app binaries (empty: every app)."""


_SQLITE_TAIL: tuple[Sym, ...] = (
    ("libsqlite3.dylib", "sqlite3_step"),
    ("libsqlite3.dylib", "sqlite3VdbeExec"),
    ("libsqlite3.dylib", "sqlite3BtreeInsert"),
    ("libsqlite3.dylib", "sqlite3PagerWrite"),
    ("libsqlite3.dylib", "unixWrite"),
    ("libsystem_kernel.dylib", "pwrite"),
)
_SAVE_TAIL: tuple[Sym, ...] = (
    ("CoreData", "-[NSManagedObjectContext save:]"),
    ("CoreData", "-[NSPersistentStoreCoordinator _introspectLastErrorAndThrow]"),
    ("CoreData", "-[NSSQLCore saveChanges:]"),
    ("CoreData", "-[NSSQLiteConnection execute]"),
    *_SQLITE_TAIL,
)
_FILE_TAIL: tuple[Sym, ...] = (
    ("Foundation", "-[NSData(NSData) writeToURL:options:error:]"),
    ("Foundation", "_NSWriteDataToFileWithExtendedAttributes"),
    ("libsystem_kernel.dylib", "write"),
)
_WAIT_TAIL: tuple[Sym, ...] = (
    ("libdispatch.dylib", "_dispatch_sync_f_slow"),
    ("libdispatch.dylib", "__DISPATCH_WAIT_FOR_QUEUE__"),
    ("libdispatch.dylib", "_dispatch_thread_event_wait_slow"),
    ("libsystem_kernel.dylib", "__ulock_wait"),
)
_READ_TAIL: tuple[Sym, ...] = (
    ("Foundation", "-[NSData(NSData) initWithContentsOfURL:options:error:]"),
    ("Foundation", "_NSReadBytesFromFileWithExtendedAttributes"),
    ("libsystem_kernel.dylib", "read"),
)

BLAME_SITES: tuple[BlameSite, ...] = (
    # DISK_WRITES
    BlameSite("DISK_WRITES", (APP, "-[MapTileCache writeTile:toPath:]"), "MapTileCache.m",
              tail=_FILE_TAIL, insight="rewrite", apps=("Trailhead", "Tidepool")),
    BlameSite("DISK_WRITES", (APP, "TrackRecorder.flushPendingPoints()"), "TrackRecorder.swift",
              tail=_SAVE_TAIL, insight="sqlite", apps=("Trailhead",)),
    BlameSite("DISK_WRITES", (APP, "-[{A}Store saveContext:]"), "{A}Store.m", tail=_SAVE_TAIL,
              insight="sqlite"),
    BlameSite("DISK_WRITES", (APP, "{B}Cache.persist(_:)"), "{B}Cache.swift", tail=_FILE_TAIL,
              insight="rewrite"),
    BlameSite("DISK_WRITES", (APP, "closure #1 in {A}SyncEngine.applyRemoteChanges(_:)"),
              "{A}SyncEngine.swift", tail=_SAVE_TAIL),
    BlameSite("DISK_WRITES", (APP, "-[AnalyticsUploader appendEvent:]"), "AnalyticsUploader.m",
              tail=(("Foundation", "-[NSFileHandle writeData:]"),
                    ("Foundation", "_NSFileHandleWriteDataError"),
                    ("libsystem_kernel.dylib", "write"))),
    BlameSite("DISK_WRITES", ("libsqlite3.dylib", "sqlite3_step"),
              callers=((APP, "-[{A}Database executeUpdate:withArguments:]"),
                       (APP, "-[{A}Database insertBatch:]")),
              tail=_SQLITE_TAIL[1:], insight="sqlite"),
    # HANGS
    BlameSite("HANGS", (APP, "ElevationProfileView.draw(_:)"), "ElevationProfileView.swift",
              tail=(("CoreGraphics", "CGContextDrawPath"), ("CoreGraphics", "ripc_DrawPath"),
                    ("CoreGraphics", "ripr_Render"), ("CoreGraphics", "aa_render")),
              insight="main-io", apps=("Trailhead",)),
    BlameSite("HANGS", (APP, "-[OfflineRegionManager regionContainingCoordinate:]"),
              "OfflineRegionManager.m", apps=("Trailhead",),
              tail=(("CoreData", "-[NSManagedObjectContext performBlockAndWait:]"), *_WAIT_TAIL)),
    BlameSite("HANGS", (APP, "-[{A}ListViewController tableView:cellForRowAtIndexPath:]"),
              "{A}ListViewController.m", tail=_READ_TAIL, insight="main-io"),
    BlameSite("HANGS", (APP, "{B}DetailViewController.viewDidLoad()"),
              "{B}DetailViewController.swift",
              tail=(("Foundation", "-[NSString initWithContentsOfFile:encoding:error:]"),
                    *_READ_TAIL[1:]), insight="main-io"),
    BlameSite("HANGS", (APP, "-[{A}Database performBlockAndWait:]"), "{A}Database.m",
              tail=(("CoreData", "-[NSManagedObjectContext performBlockAndWait:]"),
                    *_WAIT_TAIL)),
    BlameSite("HANGS", (APP, "{B}ChartView.draw(_:)"), "{B}ChartView.swift",
              tail=(("CoreGraphics", "CGContextDrawPath"), ("CoreGraphics", "ripc_DrawPath"))),
    BlameSite("HANGS", ("libsystem_kernel.dylib", "__psynch_mutexwait"),
              callers=((APP, "-[{A}Session currentAccount]"),),
              tail=()),
    BlameSite("HANGS", ("libsystem_kernel.dylib", "mach_msg2_trap"),
              callers=((APP, "{A}KeychainStore.readToken()"),
                       ("Security", "SecItemCopyMatching"),
                       ("Security", "SecItemCopyMatching_osx"),
                       ("Security", "securityd_send_sync_and_do"),
                       ("libxpc.dylib", "xpc_connection_send_message_with_reply_sync"),
                       ("libsystem_kernel.dylib", "mach_msg"),
                       ("libsystem_kernel.dylib", "mach_msg_overwrite"),
                       ("libsystem_kernel.dylib", "mach_msg2_internal"))),
    # LAUNCHES
    BlameSite("LAUNCHES", (APP, "-[AppDelegate application:didFinishLaunchingWithOptions:]"),
              "AppDelegate.m",
              tail=(("Foundation", "-[NSUserDefaults(NSUserDefaults) synchronize]"),
                    ("CoreFoundation", "_CFPreferencesSynchronizeWithContainer"),
                    ("libxpc.dylib", "xpc_connection_send_message_with_reply_sync"),
                    ("libsystem_kernel.dylib", "mach_msg2_trap"))),
    BlameSite("LAUNCHES", (APP, "{A}Migrator.migrateIfNeeded()"), "{A}Migrator.swift",
              tail=(("CoreData", "-[NSPersistentStoreCoordinator addPersistentStoreWithType:"
                                 "configuration:URL:options:error:]"),
                    ("CoreData", "-[NSSQLiteConnection connect]"),
                    ("libsqlite3.dylib", "sqlite3_exec"), *_SQLITE_TAIL[1:]),
              insight="sqlite"),
    BlameSite("LAUNCHES", (APP, "static {A}FeatureFlags.loadRemoteDefaults()"),
              "{A}FeatureFlags.swift",
              tail=(("libdispatch.dylib", "_dispatch_semaphore_wait_slow"),
                    ("libsystem_kernel.dylib", "semaphore_wait_trap"))),
    BlameSite("LAUNCHES", (APP, "OfflineMapStore.init(contentsOf:)"), "OfflineMapStore.swift",
              tail=_READ_TAIL, apps=("Trailhead",)),
)  # fmt: skip

LOG_INSIGHTS: dict[str, tuple[str, str, str]] = {
    "sqlite": (
        "SQLiteSpill",
        "SQLite spill file detected. Large transactions overflow the page cache and spill to "
        "disk; use appropriate indices and smaller transactions.",
        "https://developer.apple.com/documentation/xcode/reducing-disk-writes"
        "#Use-Appropriate-Indices",
    ),
    "rewrite": (
        "FileRewrite",
        "The same file is rewritten many times. Batch changes in memory and write once, or "
        "append instead of replacing the whole file.",
        "https://developer.apple.com/documentation/xcode/reducing-disk-writes#Batch-Your-Writes",
    ),
    "main-io": (
        "MainThreadIO",
        "File I/O on the main thread blocks the UI. Move reads and writes to a background queue.",
        "https://developer.apple.com/documentation/xcode/improving-app-responsiveness",
    ),
}
"""key → (insightsCategory, insightsString, insightsURL)."""

MAIN_THREAD_PREFIX: tuple[Sym, ...] = (
    ("dyld", "start"),
    (APP, "main"),
    ("UIKitCore", "UIApplicationMain"),
    ("UIKitCore", "-[UIApplication _run]"),
    ("GraphicsServices", "GSEventRunModal"),
    ("CoreFoundation", "CFRunLoopRunSpecific"),
    ("CoreFoundation", "__CFRunLoopRun"),
)
MAIN_QUEUE_ENTRY: tuple[Sym, ...] = (
    ("CoreFoundation", "__CFRUNLOOP_IS_SERVICING_THE_MAIN_DISPATCH_QUEUE__"),
    ("libdispatch.dylib", "_dispatch_main_queue_drain"),
    ("libdispatch.dylib", "_dispatch_client_callout"),
    ("libdispatch.dylib", "_dispatch_call_block_and_release"),
)
SOURCE0_ENTRY: tuple[Sym, ...] = (
    ("CoreFoundation", "__CFRunLoopDoSources0"),
    ("CoreFoundation", "__CFRunLoopDoSource0"),
    ("CoreFoundation", "__CFRUNLOOP_IS_CALLING_OUT_TO_A_SOURCE0_PERFORM_FUNCTION__"),
    ("UIKitCore", "__processEventQueue"),
    ("UIKitCore", "-[UIApplication sendEvent:]"),
    ("UIKitCore", "-[UIWindow sendEvent:]"),
)
LAUNCH_ENTRY: tuple[Sym, ...] = (
    ("UIKitCore", "-[UIApplication _runWithMainScene:transitionContext:completion:]"),
    ("UIKitCore", "-[_UISceneLifecycleMultiplexer completeApplicationLaunchWithFBSScene:"
                  "transitionContext:]"),
    ("UIKitCore", "-[UIApplication _callInitializationDelegatesWithActions:forCanvas:"
                  "payload:fromOriginatingProcess:]"),
)  # fmt: skip
WORKER_PREFIX: tuple[Sym, ...] = (
    ("libsystem_pthread.dylib", "start_wqthread"),
    ("libsystem_pthread.dylib", "_pthread_wqthread"),
    ("libdispatch.dylib", "_dispatch_worker_thread2"),
    ("libdispatch.dylib", "_dispatch_root_queue_drain"),
    ("libdispatch.dylib", "_dispatch_async_redirect_invoke"),
    ("libdispatch.dylib", "_dispatch_continuation_pop"),
    ("libdispatch.dylib", "_dispatch_client_callout"),
)
IDLE_WORKER: tuple[Sym, ...] = (
    ("libsystem_pthread.dylib", "start_wqthread"),
    ("libsystem_pthread.dylib", "_pthread_wqthread"),
    ("libsystem_kernel.dylib", "__workq_kernreturn"),
)
RUNLOOP_THREAD: tuple[Sym, ...] = (
    ("libsystem_pthread.dylib", "thread_start"),
    ("libsystem_pthread.dylib", "_pthread_start"),
    ("Foundation", "__NSThread__start__"),
    ("UIKitCore", "-[UIEventFetcher threadMain]"),
    ("CoreFoundation", "CFRunLoopRunInMode"),
    ("CoreFoundation", "CFRunLoopRunSpecific"),
    ("CoreFoundation", "__CFRunLoopRun"),
    ("CoreFoundation", "__CFRunLoopServiceMachPort"),
    ("libsystem_kernel.dylib", "mach_msg"),
    ("libsystem_kernel.dylib", "mach_msg_overwrite"),
    ("libsystem_kernel.dylib", "mach_msg2_internal"),
    ("libsystem_kernel.dylib", "mach_msg2_trap"),
)
SYSTEM_FILLER: tuple[Sym, ...] = (
    ("UIKitCore", "-[UIView(CALayerDelegate) layoutSublayersOfLayer:]"),
    ("QuartzCore", "CA::Layer::layout_if_needed(CA::Transaction*)"),
    ("QuartzCore", "CA::Transaction::commit()"),
    ("UIKitCore", "-[UITableView _updateVisibleCellsNow:]"),
    ("UIKitCore", "-[UITableView _createPreparedCellForGlobalRow:withIndexPath:willDisplay:]"),
    ("UIKitCore", "-[UIViewController _sendViewDidLoadWithAppearanceProxyObjectTaggingEnabled]"),
    ("UIKitCore", "-[UINavigationController pushViewController:animated:]"),
    ("UIKitCore", "-[UIControl sendAction:to:forEvent:]"),
    ("Foundation", "-[NSNotificationCenter postNotificationName:object:userInfo:]"),
    ("CoreFoundation", "__CFNOTIFICATIONCENTER_IS_CALLING_OUT_TO_AN_OBSERVER__"),
    ("CoreFoundation", "_CFXRegistrationPost"),
    ("libswiftCore.dylib", "$sSTsE7forEachyyy7ElementQzKXEKF"),
    ("libswiftCore.dylib", "$sSD8_VariantV8setValue_6forKeyyq_n_xtF"),
    ("libswift_Concurrency.dylib", "swift::runJobInEstablishedExecutorContext(swift::Job*)"),
    ("SwiftUI", "$s7SwiftUI9ViewGraphC13updateOutputsyyF"),
    ("libobjc.A.dylib", "objc_msgSend"),
)  # fmt: skip
SYSTEM_LEAVES: tuple[Sym, ...] = (
    ("libsystem_kernel.dylib", "__psynch_cvwait"),
    ("libsystem_kernel.dylib", "mach_msg2_trap"),
    ("libsystem_kernel.dylib", "__semwait_signal"),
    ("libsystem_malloc.dylib", "_xzm_xzone_malloc"),
    ("libobjc.A.dylib", "objc_release"),
    ("libswiftCore.dylib", "swift_retain"),
    ("libswiftCore.dylib", "swift_release"),
    ("CoreFoundation", "CFStringCreateWithBytes"),
)
APP_FILLER: tuple[str, ...] = (
    "-[{A}ViewController viewWillAppear:]",
    "{A}Coordinator.start()",
    "closure #1 in {B}ListViewModel.reload()",
    "{A}Repository.fetchAll()",
    "@objc {B}Cell.configure(with:)",
    "specialized {A}Formatter.string(for:)",
    "-[{B}Manager refresh:]",
    "{B}Store.snapshot() -> {B}Snapshot",
    "-[{A}ImageLoader loadImageForKey:completion:]",
    "partial apply for closure #2 in {A}Service.sync()",
)
RECURSIVE_APP_FRAMES: tuple[str, ...] = (
    "{A}Graph.visit(_:depth:)",
    "-[{A}GraphNode expandNeighbors:]",
)
"""Alternating frames of a runaway recursion (the demo's huge log)."""
