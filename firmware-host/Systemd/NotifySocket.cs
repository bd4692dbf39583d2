using System.Net.Sockets;
using System.Text;

namespace Edge.Host.Systemd;

/// <summary>
/// The sd_notify(3) protocol without libsystemd: one datagram of <c>KEY=VALUE</c> lines to the Unix datagram socket
/// that systemd names in <c>$NOTIFY_SOCKET</c>. A path starting with <c>@</c> is a Linux abstract socket (the
/// <c>@</c> stands for the leading NUL byte).
/// </summary>
/// <remarks>
/// Thread-safe: every message opens its own socket, as libsystemd does, so a service manager that re-executes
/// (<c>systemctl daemon-reexec</c>) and binds the path again is reached on the next message. A send waits at most
/// one second for room in the receiver's queue. Messages carry state and counts only, never PHI.
/// </remarks>
public sealed class NotifySocket
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(1);
    private readonly UnixDomainSocketEndPoint _endpoint;

    /// <param name="address">The value of <c>$NOTIFY_SOCKET</c>: an absolute path, or <c>@name</c> for an abstract socket.</param>
    /// <exception cref="ArgumentException">The address is neither.</exception>
    public NotifySocket(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        if (address[0] is not ('/' or '@') || address.Length < 2)
        {
            throw new ArgumentException("NOTIFY_SOCKET must be an absolute path or an abstract name starting with '@'.", nameof(address));
        }

        Address = address;
        // .NET spells an abstract address with a leading NUL, systemd with a leading '@'.
        _endpoint = new UnixDomainSocketEndPoint(address[0] == '@' ? "\0" + address[1..] : address);
    }

    /// <summary>The socket address as given.</summary>
    public string Address { get; }

    /// <summary>Sends one notification, e.g. <c>READY=1\nSTATUS=Pipeline running</c>.</summary>
    /// <returns>Null when the datagram was sent, else the socket error (no listener, queue full for a second, ...).</returns>
    public SocketError? Send(string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTimeout = (int)SendTimeout.TotalMilliseconds;
            socket.SendTo(Encoding.UTF8.GetBytes(state), _endpoint);
            return null;
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode;
        }
    }
}
