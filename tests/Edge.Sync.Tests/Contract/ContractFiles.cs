namespace Edge.Sync.Tests.Contract;

/// <summary>The contract documents in the repository (docs/wire), found from the test binary's folder upwards.</summary>
internal static class ContractFiles
{
    public static string RepoRoot { get; } = FindRoot();

    public static string SchemaPath => Path.Combine(RepoRoot, "docs", "wire", "edge.batch.v1.schema.json");

    public static string AsyncApiPath => Path.Combine(RepoRoot, "docs", "wire", "asyncapi.yaml");

    public static string IomtTemplatePath => Path.Combine(RepoRoot, "docs", "wire", "iomt-devicecontent.json");

    public static string GuidePath => Path.Combine(RepoRoot, "docs", "wire-contract.md");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Edge.sln not found above " + AppContext.BaseDirectory);
    }
}
