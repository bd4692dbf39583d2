using System.Net;
using System.Net.Sockets;

namespace Edge.EndToEnd.Tests.Infrastructure;

/// <summary>Loopback TCP ports that nothing listens on right now.</summary>
public static class FreeTcpPort
{
    /// <summary>
    /// A port the kernel just handed out for 127.0.0.1. It is free when this returns, but another process can take it
    /// before the caller binds it; callers that bind later must handle "address in use" (see MosquittoBroker).
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
