namespace ObserveRtc.Tests;

/// <summary>Reads test data copied next to the test assembly (ObserveRtc.Tests/Fixtures).</summary>
internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));
}
