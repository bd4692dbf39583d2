using System.Numerics;
using System.Text.Json;
using Edge.Core;
using Edge.Sync.Wire;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using Observation = Hl7.Fhir.Model.Observation;

namespace Edge.Sync.Tests.Contract;

/// <summary>Every FHIR payload parses with the Firely SDK in strict mode, and says what the item said.</summary>
public sealed class FhirR4ContractTests
{
    private const string Loinc = "http://loinc.org";
    private static readonly DateTimeOffset SentAt = new(2026, 11, 25, 12, 0, 0, 123, TimeSpan.Zero);
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    [Fact]
    public void EveryFhirPayload_OfRandomItemsUnderRandomCaps_ParsesStrictlyAndRoundTrips()
    {
        var corpus = new WireCorpus(1729);
        var format = new FhirR4Format(new SiteOptions { Tenant = "acme", Site = "care-home_7", Gateway = "gw-42" });
        var payloads = 0;
        var entries = 0;
        for (var round = 0; round < 250; round++)
        {
            var batch = corpus.Items(corpus.Random.Next(1, 100));
            var maxBytes = corpus.Random.Next(1_000, 120_000);
            var maxItems = corpus.Random.Next(1, 150);
            for (var start = 0; start < batch.Count;)
            {
                var taken = format.WriteBatch(batch, start, maxItems, maxBytes, SentAt, out var payload);
                if (taken == 0)
                {
                    Assert.Empty(payload);
                    start++;
                    continue;
                }

                Assert.InRange(payload.Length, 1, maxBytes);
                var bundle = Parse(payload);
                Assert.Equal(Bundle.BundleType.Transaction, bundle.Type);
                Assert.Equal("urn:edge:gateway:acme:care-home_7:gw-42", bundle.Meta!.Source);
                Assert.Equal(taken, bundle.Entry.Count);
                for (var i = 0; i < taken; i++)
                {
                    AssertEntry(batch[start + i], bundle.Entry[i]);
                }

                start += taken;
                payloads++;
                entries += taken;
            }
        }

        Assert.True(payloads > 500 && entries > 10_000, $"{payloads} payloads, {entries} entries");
    }

    [Fact]
    public void SpO2_CarriesBothTheVitalSignsAndThePulseOximetryCodes()
    {
        var corpus = new WireCorpus(3);
        var spo2 = Enumerable.Range(0, 13).Select(_ => corpus.Reading()).Single(w => w.Item.Reading!.Kind == VitalKind.SpO2);
        var observation = Assert.IsType<Observation>(Parse(Write(spo2)).Entry[0].Resource);
        Assert.Equal(["2708-6", "59408-5"], observation.Code!.Coding.Select(c => c.Code));
        Assert.All(observation.Code.Coding, c => Assert.Equal(Loinc, c.System));
        Assert.Equal("%", Assert.IsType<Quantity>(observation.Value).Code);
    }

    [Fact]
    public void WriteSingle_IsTheEntryAsItStandsInTheBundle()
    {
        var corpus = new WireCorpus(11);
        var items = corpus.Items(30);
        var format = new FhirR4Format(new SiteOptions());
        format.WriteBatch(items, 0, items.Count, int.MaxValue, SentAt, out var payload);
        using var doc = JsonDocument.Parse(payload);
        var entries = doc.RootElement.GetProperty("entry");
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal(entries[i].GetRawText(), System.Text.Encoding.UTF8.GetString(format.WriteSingle(items[i])));
        }
    }

    [Fact]
    public void FhirPayload_ThatBreaksR4_IsRejectedByTheStrictParser()
    {
        // The check the contract relies on can fail: a status outside the R4 value set does not parse strictly.
        var text = System.Text.Encoding.UTF8.GetString(Write(new WireCorpus(5).Reading())).Replace("\"final\"", "\"done\"", StringComparison.Ordinal);
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.False(Strict.TryDeserializeResource(ref reader, out _, out _));
    }

    private static byte[] Write(WireItem item)
    {
        var taken = new FhirR4Format(new SiteOptions()).WriteBatch([item], 0, 1, int.MaxValue, SentAt, out var payload);
        Assert.Equal(1, taken);
        return payload;
    }

    internal static Bundle Parse(byte[] payload)
    {
        var reader = new Utf8JsonReader(payload);
        if (!Strict.TryDeserializeResource(ref reader, out var resource, out var issues))
        {
            Assert.Fail($"Firely rejected the bundle: {string.Join("; ", issues.Select(i => i.Message))}\n{System.Text.Encoding.UTF8.GetString(payload)}");
        }

        var bundle = Assert.IsType<Bundle>(resource);
        var invalid = bundle.Validate(ModelInfo.ModelInspector);
        Assert.True(invalid is null || invalid.Count == 0, $"POCO validation: {string.Join("; ", invalid ?? [])}");
        return bundle;
    }

    private static void AssertEntry(WireItem wire, Bundle.EntryComponent entry)
    {
        var urn = "urn:uuid:" + wire.Item.MessageId.ToString("D");
        Assert.Equal(urn, entry.FullUrl);
        Assert.Equal(Bundle.HTTPVerb.POST, entry.Request!.Method);
        Assert.Equal("Observation", entry.Request.Url);
        Assert.Equal("identifier=urn:ietf:rfc:3986|" + urn, entry.Request.IfNoneExist);
        var observation = Assert.IsType<Observation>(entry.Resource);
        var identifier = Assert.Single(observation.Identifier);
        Assert.Equal(FhirR4Format.UriSystem, identifier.System);
        Assert.Equal(urn, identifier.Value);
        Assert.Equal(ObservationStatus.Final, observation.Status);
        if (wire.Item.Reading is { } r)
        {
            AssertReading(wire, r, observation);
        }
        else
        {
            AssertAlert(wire, wire.Item.Alert!, observation);
        }
    }

    private static void AssertReading(WireItem wire, Reading r, Observation observation)
    {
        var info = VitalCatalog.Get(r.Kind);
        var category = Assert.Single(Assert.Single(observation.Category).Coding);
        Assert.Equal("http://terminology.hl7.org/CodeSystem/observation-category", category.System);
        Assert.Equal(r.Kind switch { VitalKind.Glucose => "laboratory", VitalKind.EnergyExpended => "activity", VitalKind.RrInterval => "procedure", _ => "vital-signs" }, category.Code);
        Assert.Contains(observation.Code!.Coding, c => c.System == Loinc && c.Code == info.Loinc);

        var quantity = Assert.IsType<Quantity>(observation.Value);
        Assert.Equal(r.Value, (double)quantity.Value!.Value, 1e-12 * Math.Max(1, Math.Abs(r.Value)));
        Assert.Equal("http://unitsofmeasure.org", quantity.System);
        Assert.Equal(info.Ucum, quantity.Code);
        Assert.Equal(info.Ucum, quantity.Unit);
        Assert.Equal(r.MeasuredAt, DateTimeOffset.Parse(Assert.IsType<FhirDateTime>(observation.Effective).Value!, System.Globalization.CultureInfo.InvariantCulture));

        AssertReference(observation.Subject, wire.Omit, WireFields.Patient, FhirR4Format.PatientSystem, r.PatientId);
        AssertReference(observation.Device, wire.Omit, WireFields.Device, FhirR4Format.DeviceSystem, r.DeviceId);

        var seq = observation.Extension.Where(e => e.Url == FhirR4Format.SeqExtension).ToList();
        Assert.Equal(Kept(wire.Omit, WireFields.Seq) ? 1 : 0, seq.Count);
        if (seq.Count == 1)
        {
            Assert.Equal(r.Seq, (long)Assert.IsType<FhirDecimal>(seq[0].Value).Value!.Value);
        }

        var clock = observation.Extension.Where(e => e.Url == FhirR4Format.ClockExtension).ToList();
        Assert.Equal(Kept(wire.Omit, WireFields.Clock) ? 1 : 0, clock.Count);
        var deviceTime = observation.Extension.Where(e => e.Url == FhirR4Format.DeviceTimeExtension).ToList();
        Assert.Equal(Kept(wire.Omit, WireFields.DeviceTime) && r.DeviceTime.HasValue ? 1 : 0, deviceTime.Count);
        if (deviceTime.Count == 1)
        {
            var parsed = DateTimeOffset.Parse(Assert.IsType<FhirDateTime>(deviceTime[0].Value).Value!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(r.DeviceTime!.Value.Ticks / TimeSpan.TicksPerMillisecond, parsed.Ticks / TimeSpan.TicksPerMillisecond);
        }

        var quality = observation.Extension.Where(e => e.Url == FhirR4Format.QualityExtension).ToList();
        Assert.Equal(Kept(wire.Omit, WireFields.Quality) ? BitOperations.PopCount((uint)(r.Flags & (QualityIssues)0x1FF)) : 0, quality.Count);
        Assert.All(quality, q => Assert.IsType<Code>(q.Value));
    }

    private static void AssertAlert(WireItem wire, Alert a, Observation observation)
    {
        var code = Assert.Single(observation.Code!.Coding);
        Assert.Equal(FhirR4Format.AlertCodeSystem, code.System);
        Assert.Equal(a.Code, code.Code);
        Assert.Equal(a.RaisedAt, DateTimeOffset.Parse(Assert.IsType<FhirDateTime>(observation.Effective).Value!, System.Globalization.CultureInfo.InvariantCulture));
        var severity = Assert.Single(Assert.Single(observation.Interpretation).Coding);
        Assert.Equal(FhirR4Format.AlertSeveritySystem, severity.System);
        Assert.Equal(a.Severity.ToString().ToLowerInvariant(), severity.Code);
        AssertReference(observation.Subject, wire.Omit, WireFields.Patient, FhirR4Format.PatientSystem, a.PatientId);
        if (Kept(wire.Omit, WireFields.Score) && a.Score is { } score)
        {
            Assert.Equal(score, Assert.IsType<Integer>(observation.Value).Value);
        }
        else
        {
            Assert.Null(observation.Value);
        }

        if (Kept(wire.Omit, WireFields.Trigger))
        {
            var trigger = Assert.Single(observation.DerivedFrom);
            Assert.Equal("Observation", trigger.Type);
            Assert.Equal("urn:uuid:" + a.TriggerReadingId.ToString("D"), trigger.Identifier!.Value);
        }
        else
        {
            Assert.Empty(observation.DerivedFrom);
        }
    }

    private static void AssertReference(ResourceReference? reference, WireFields omit, WireFields field, string system, string value)
    {
        if (!Kept(omit, field))
        {
            Assert.Null(reference);
            return;
        }

        Assert.NotNull(reference);
        Assert.Null(reference.Reference);
        Assert.Equal(system, reference.Identifier!.System);
        Assert.Equal(value, reference.Identifier.Value);
    }

    private static bool Kept(WireFields omit, WireFields field) => (omit & field) == 0;
}
