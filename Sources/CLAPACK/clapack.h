// Fortran LAPACK/BLAS entry points as Debian's LP64 builds export them.
// Every argument by pointer, 32-bit integers, column-major storage; a character
// argument carries a hidden trailing length (size_t, pass 1) with gfortran >= 8.
// No stable API: only Sources/IOImpact/Linear/LAPACK.swift may use this module.
#ifndef IOIMPACT_CLAPACK_H
#define IOIMPACT_CLAPACK_H
#include <stddef.h>

void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);
void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a, const int *lda,
             const int *ipiv, double *b, const int *ldb, int *info, size_t trans_len);
void dgetri_(const int *n, double *a, const int *lda, const int *ipiv, double *work,
             const int *lwork, int *info);
void dgecon_(const char *norm, const int *n, const double *a, const int *lda, const double *anorm,
             double *rcond, double *work, int *iwork, int *info, size_t norm_len);
double dlange_(const char *norm, const int *m, const int *n, const double *a, const int *lda,
               double *work, size_t norm_len);
void dgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
            const double *alpha, const double *a, const int *lda, const double *b, const int *ldb,
            const double *beta, double *c, const int *ldc, size_t transa_len, size_t transb_len);
void dgemv_(const char *trans, const int *m, const int *n, const double *alpha, const double *a,
            const int *lda, const double *x, const int *incx, const double *beta, double *y,
            const int *incy, size_t trans_len);

void dtrsm_(const char *side, const char *uplo, const char *transa, const char *diag, const int *m, const int *n,
            const double *alpha, const double *a, const int *lda, double *b, const int *ldb,
            size_t side_len, size_t uplo_len, size_t transa_len, size_t diag_len);
void dlaswp_(const int *n, double *a, const int *lda, const int *k1, const int *k2, const int *ipiv, const int *incx);

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
/// Keeps large blocks on the heap and unreturned when freed, so repeated large allocations reuse
/// memory instead of mapping (and zeroing) fresh pages each time.
static inline void ioimpact_keep_large_allocations(void) {
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
}
#else
static inline void ioimpact_keep_large_allocations(void) {}
#endif

#endif
