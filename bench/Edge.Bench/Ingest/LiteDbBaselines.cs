using System.Diagnostics;
using LiteDB;

namespace Edge.Bench.Ingest;

/// <summary>
/// Raw LiteDB 5.0.21 on a plain file (<c>new LiteDatabase(path)</c>: direct mode, default settings, LiteDB's own
/// FileStream). Neither baseline fsyncs: LiteDB flushes to the page cache only, so these are faster than anything
/// that is durable against a power cut can be.
/// </summary>
internal static class LiteDbBaselines
{
    private const string Collection = "outbox";

    /// <summary>All documents in one <c>InsertBulk</c> call: LiteDB's ceiling.</summary>
    public static BaselineResult InsertBulk(List<BsonDocument> docs, string directory) =>
        Run(docs, directory, "bulk.db", col => col.InsertBulk(docs));

    /// <summary>One <c>Insert</c> per document, each its own auto-committed transaction: what a naive gateway does.</summary>
    public static BaselineResult InsertOneByOne(List<BsonDocument> docs, string directory) =>
        Run(docs, directory, "naive.db", col =>
        {
            foreach (var doc in docs)
            {
                col.Insert(doc);
            }
        });

    private static BaselineResult Run(List<BsonDocument> docs, string directory, string file, Action<ILiteCollection<BsonDocument>> insert)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, file);
        ProcessMetrics.CollectAndTrim();
        TimeSpan elapsed;
        TimeSpan close;
        var db = new LiteDatabase(path);
        try
        {
            var col = db.GetCollection(Collection, BsonAutoId.Int64);
            var stopwatch = Stopwatch.StartNew();
            insert(col);
            elapsed = stopwatch.Elapsed;
            stopwatch.Restart();
            db.Dispose();
            close = stopwatch.Elapsed;
        }
        finally
        {
            db.Dispose();
        }

        // Reopened, outside the timing: every document must be there.
        using (var check = new LiteDatabase(path))
        {
            var stored = check.GetCollection(Collection).LongCount();
            if (stored != docs.Count)
            {
                throw new InvalidOperationException($"Baseline stored {stored} of {docs.Count} documents.");
            }
        }

        return new BaselineResult(docs.Count, elapsed, elapsed + close);
    }
}
