using System.Text;
using Microsoft.Extensions.Logging;
using Tmds.DBus.Protocol;

namespace Edge.Drivers.Ble.BlueZ;

/// <summary>
/// Edge's org.bluez.Agent1, exported on our bus connection and registered with AgentManager1 at start-up (BlueZ may
/// start pairing on its own when a GATT write needs encryption, ble.md §3.6.5, so the agent must exist first). Every
/// method of the 5.66 agent API is implemented; a method with no answer replies <c>org.bluez.Error.Rejected</c>,
/// never "unknown method" or an exception. Answers come from <see cref="IAgentPolicy"/>. Nothing is logged but the
/// method name and yes/no.
/// </summary>
internal sealed class BlueZAgent : IPathMethodHandler
{
    public const string ObjectPath = "/com/edge/ble/agent";

    private static readonly ReadOnlyMemory<byte> Introspection = Encoding.UTF8.GetBytes("""
        <interface name="org.bluez.Agent1">
          <method name="Release"/>
          <method name="RequestPinCode"><arg name="device" type="o" direction="in"/><arg type="s" direction="out"/></method>
          <method name="DisplayPinCode"><arg name="device" type="o" direction="in"/><arg name="pincode" type="s" direction="in"/></method>
          <method name="RequestPasskey"><arg name="device" type="o" direction="in"/><arg type="u" direction="out"/></method>
          <method name="DisplayPasskey"><arg name="device" type="o" direction="in"/><arg name="passkey" type="u" direction="in"/><arg name="entered" type="q" direction="in"/></method>
          <method name="RequestConfirmation"><arg name="device" type="o" direction="in"/><arg name="passkey" type="u" direction="in"/></method>
          <method name="RequestAuthorization"><arg name="device" type="o" direction="in"/></method>
          <method name="AuthorizeService"><arg name="device" type="o" direction="in"/><arg name="uuid" type="s" direction="in"/></method>
          <method name="Cancel"/>
        </interface>
        """);

    private readonly IAgentPolicy _policy;
    private readonly ILogger _logger;

    public BlueZAgent(IAgentPolicy policy, ILogger logger)
    {
        _policy = policy;
        _logger = logger;
    }

    public string Path => ObjectPath;

    public bool HandlesChildPaths => false;

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        if (context.IsDBusIntrospectRequest)
        {
            context.ReplyIntrospectXml([Introspection]);
            return ValueTask.CompletedTask;
        }

        var request = context.Request;
        if (request.InterfaceAsString != BlueZNames.AgentInterface)
        {
            context.ReplyUnknownMethodError();
            return ValueTask.CompletedTask;
        }

        var member = request.MemberAsString ?? string.Empty;
        var reader = request.GetBodyReader();
        switch (member)
        {
            case "Release":
            case "Cancel":
                _policy.Cancelled();
                Empty(context, member, "ok");
                break;
            case "RequestPinCode":
                {
                    var pin = _policy.PinCodeFor(reader.ReadObjectPathAsString());
                    if (pin is null)
                    {
                        Reject(context, member);
                        break;
                    }

                    using var w = context.CreateReplyWriter("s");
                    w.WriteString(pin);
                    context.Reply(w.CreateMessage());
                    BleLog.AgentAnswered(_logger, member, "answered");
                    break;
                }

            case "RequestPasskey":
                {
                    var passkey = _policy.PasskeyFor(reader.ReadObjectPathAsString());
                    if (passkey is null)
                    {
                        Reject(context, member);
                        break;
                    }

                    using var w = context.CreateReplyWriter("u");
                    w.WriteUInt32(passkey.Value);
                    context.Reply(w.CreateMessage());
                    BleLog.AgentAnswered(_logger, member, "answered");
                    break;
                }

            case "DisplayPinCode":
                {
                    var device = reader.ReadObjectPathAsString();
                    _policy.Display(device, reader.ReadString());
                    Empty(context, member, "shown");
                    break;
                }

            case "DisplayPasskey":
                {
                    var device = reader.ReadObjectPathAsString();
                    _policy.Display(device, reader.ReadUInt32().ToString("D6", System.Globalization.CultureInfo.InvariantCulture));
                    Empty(context, member, "shown");
                    break;
                }

            case "RequestConfirmation":
                {
                    var device = reader.ReadObjectPathAsString();
                    Answer(context, member, _policy.Confirm(device, reader.ReadUInt32()));
                    break;
                }

            case "RequestAuthorization":
                Answer(context, member, _policy.AuthorizePairing(reader.ReadObjectPathAsString()));
                break;
            case "AuthorizeService":
                {
                    var device = reader.ReadObjectPathAsString();
                    Answer(context, member, _policy.AuthorizeService(device, reader.ReadString()));
                    break;
                }

            default:
                context.ReplyUnknownMethodError();
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void Answer(MethodContext context, string member, bool yes)
    {
        if (yes)
        {
            Empty(context, member, "accepted");
        }
        else
        {
            Reject(context, member);
        }
    }

    private void Empty(MethodContext context, string member, string answer)
    {
        using var w = context.CreateReplyWriter(null!);
        context.Reply(w.CreateMessage());
        BleLog.AgentAnswered(_logger, member, answer);
    }

    private void Reject(MethodContext context, string member)
    {
        context.ReplyError("org.bluez.Error.Rejected", "No answer for this request");
        BleLog.AgentAnswered(_logger, member, "rejected");
    }
}
