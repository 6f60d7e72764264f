/// One big matrix file read on its own, as the loaders read it (for tools and `ioimpact-bench parse`).
extension PymrioLoader {
    /// The numbers of a pymrio text frame (Z.txt, Y.txt, ...), without its labels' checks.
    public static func readMatrix(path: String, indexColumns: Int, headerRows: Int) throws -> Matrix {
        try readFrame(path, indexColumns: indexColumns, headerRows: headerRows).values
    }
}

extension TableLoader {
    /// Z from a `transactions.csv`: the header and the row labels must be `codes`, in order.
    public static func readTransactions(path: String, codes: [String]) throws -> Matrix {
        try readLargeBlock(path: path, header: ["code"] + codes, rowLabels: codes, columns: codes)
    }
}
