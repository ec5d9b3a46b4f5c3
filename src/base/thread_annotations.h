// Clang thread-safety annotations (no-ops on other compilers).
//
// Build with clang and -Wthread-safety to have the compiler check that guarded members are
// only touched with their mutex held. The names follow Abseil's, with an MDL_ prefix.
#ifndef BASE_THREAD_ANNOTATIONS_H_
#define BASE_THREAD_ANNOTATIONS_H_

#if defined(__clang__)
#define MDL_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define MDL_THREAD_ANNOTATION(x)
#endif

#define MDL_CAPABILITY(x) MDL_THREAD_ANNOTATION(capability(x))
#define MDL_SCOPED_CAPABILITY MDL_THREAD_ANNOTATION(scoped_lockable)
#define MDL_GUARDED_BY(x) MDL_THREAD_ANNOTATION(guarded_by(x))
#define MDL_PT_GUARDED_BY(x) MDL_THREAD_ANNOTATION(pt_guarded_by(x))
#define MDL_ACQUIRED_AFTER(...) MDL_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))
#define MDL_ACQUIRED_BEFORE(...) MDL_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))
#define MDL_REQUIRES(...) MDL_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define MDL_REQUIRES_SHARED(...) MDL_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
#define MDL_ACQUIRE(...) MDL_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define MDL_ACQUIRE_SHARED(...) MDL_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define MDL_RELEASE(...) MDL_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define MDL_RELEASE_SHARED(...) MDL_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define MDL_RELEASE_GENERIC(...) MDL_THREAD_ANNOTATION(release_generic_capability(__VA_ARGS__))
#define MDL_TRY_ACQUIRE(...) MDL_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define MDL_EXCLUDES(...) MDL_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define MDL_ASSERT_CAPABILITY(x) MDL_THREAD_ANNOTATION(assert_capability(x))
#define MDL_RETURN_CAPABILITY(x) MDL_THREAD_ANNOTATION(lock_returned(x))
#define MDL_NO_THREAD_SAFETY_ANALYSIS MDL_THREAD_ANNOTATION(no_thread_safety_analysis)

#endif  // BASE_THREAD_ANNOTATIONS_H_
