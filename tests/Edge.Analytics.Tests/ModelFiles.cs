namespace Edge.Analytics.Tests;

/// <summary>Where the committed model and golden file are: copied next to the test assembly by the analytics project.</summary>
internal static class ModelFiles
{
    public static string ModelPath => Path.Combine(AppContext.BaseDirectory, "models", "vitals-ae-v1.onnx");

    public static string GoldenPath => Path.Combine(AppContext.BaseDirectory, "models", "vitals-ae-v1.golden.json");

    /// <summary>The repository root (for the training script), found from the test assembly's folder.</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new DirectoryNotFoundException("Edge.sln was not found above the test assembly.");
        }
    }
}
