namespace Edge.Provisioning.Provision;

/// <summary>A file provision will write, fully prepared in memory before anything touches the disk.</summary>
/// <param name="Path">Absolute target path.</param>
/// <param name="Content">The bytes.</param>
/// <param name="Mode">The Unix mode it is created with.</param>
/// <param name="Role">What it is (for the report), e.g. <c>config</c>, <c>mqtt-password</c>.</param>
/// <param name="Secret">True when its content must never be printed.</param>
internal sealed record StagedFile(string Path, byte[] Content, UnixFileMode Mode, string Role, bool Secret);
