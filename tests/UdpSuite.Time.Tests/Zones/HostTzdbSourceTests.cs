using NodaTime;
using UdpSuite.Time.Zones;
using UdpSuite.TimeZones;

namespace UdpSuite.Time.Tests.Zones;

public sealed class HostTzdbSourceTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("zoneinfo-test-").FullName;

    private static readonly Lazy<HostTzdbSource> SharedHost = new(() => new HostTzdbSource());

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Enumerates_zones_and_aliases_but_not_duplicate_trees_or_data_files()
    {
        var ids = SharedHost.Value.GetIds().ToHashSet();

        Assert.Contains("Europe/London", ids);
        Assert.Contains("America/Argentina/Buenos_Aires", ids);
        Assert.Contains("UTC", ids);
        Assert.Contains("Factory", ids);
        Assert.DoesNotContain(ids, id => id.StartsWith("posix/", StringComparison.Ordinal) || id.StartsWith("right/", StringComparison.Ordinal));
        foreach (var excluded in new[] { "posixrules", "localtime", "zone.tab", "zone1970.tab", "iso3166.tab", "tzdata.zi", "leap-seconds.list", "leapseconds" })
        {
            Assert.DoesNotContain(excluded, ids);
        }
    }

    [Fact]
    public void Version_comes_from_tzdata_zi()
    {
        string firstLine = File.ReadLines("/usr/share/zoneinfo/tzdata.zi").First();

        Assert.Equal(firstLine["# version ".Length..], SharedHost.Value.VersionId);
    }

    [Fact]
    public void Symlinked_ids_load_with_their_own_id_and_are_cached()
    {
        var zone = SharedHost.Value.ForId("UTC");

        Assert.Equal("UTC", zone.Id);
        Assert.Same(zone, SharedHost.Value.ForId("UTC"));
        Assert.IsType<TzifZone>(zone);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("../../../etc/passwd")]
    [InlineData("/usr/share/zoneinfo/UTC")]
    [InlineData("Europe/../UTC")]
    [InlineData("posix/UTC")]
    [InlineData("")]
    public void Unknown_ids_and_paths_are_rejected(string id)
    {
        Assert.False(SharedHost.Value.Contains(id));
        Assert.Throws<ArgumentException>(() => SharedHost.Value.ForId(id));
        Assert.False(TimeZoneProviders.TryGetZone(TimeZoneProviders.CreateHost(), id, out _));
    }

    [Fact]
    public void Provider_resolves_host_zones()
    {
        var provider = TimeZoneProviders.CreateHost();

        Assert.True(TimeZoneProviders.TryGetZone(provider, "Asia/Kathmandu", out var zone));
        Assert.Equal(Offset.FromHoursAndMinutes(5, 45), zone.GetUtcOffset(Instant.FromUtc(2025, 1, 1, 0, 0)));
        Assert.False(TimeZoneProviders.TryGetZone(provider, null, out _));

        // NodaTime's embedded provider reports "TZDB: <version>"; the host provider reports the bare version.
        Assert.Equal(SharedHost.Value.VersionId, TimeZoneProviders.CreateDefault().VersionId);
    }

    [Fact]
    public void A_custom_directory_lists_only_tzif_files_and_reports_corrupt_ones_as_unknown_to_try_get()
    {
        File.Copy("/usr/share/zoneinfo/Europe/Paris", Path.Combine(_temp, "Paris"));
        Directory.CreateDirectory(Path.Combine(_temp, "Sub"));
        File.Copy("/usr/share/zoneinfo/Asia/Tokyo", Path.Combine(_temp, "Sub", "Tokyo"));
        File.CreateSymbolicLink(Path.Combine(_temp, "Alias"), Path.Combine(_temp, "Paris"));
        File.WriteAllText(Path.Combine(_temp, "zone.tab"), "# not a zone");
        File.WriteAllBytes(Path.Combine(_temp, "Broken"), "TZif2 and then nothing useful"u8.ToArray());
        Directory.CreateDirectory(Path.Combine(_temp, "right"));
        File.Copy("/usr/share/zoneinfo/UTC", Path.Combine(_temp, "right", "UTC"));

        var source = new HostTzdbSource(_temp);

        Assert.Equal(new[] { "Alias", "Broken", "Paris", "Sub/Tokyo" }, source.GetIds().Order(StringComparer.Ordinal));
        Assert.Equal("unknown", source.VersionId);
        Assert.Equal("Alias", source.ForId("Alias").Id);
        Assert.Throws<ArgumentException>(() => source.ForId("Broken"));
        Assert.False(TimeZoneProviders.TryGetZone(TimeZoneProviders.CreateHost(_temp), "Broken", out _));
    }

    [Fact]
    public void Default_id_prefers_tz_then_etc_timezone_then_localtime_link()
    {
        var source = SharedHost.Value;
        string timezoneFile = Path.Combine(_temp, "timezone");
        string localtime = Path.Combine(_temp, "localtime");

        Assert.Equal("UTC", source.GetSystemDefaultId(null, timezoneFile, localtime));

        File.CreateSymbolicLink(localtime, "/usr/share/zoneinfo/Asia/Tokyo");
        Assert.Equal("Asia/Tokyo", source.GetSystemDefaultId(null, timezoneFile, localtime));

        File.WriteAllText(timezoneFile, "Europe/Berlin\n");
        Assert.Equal("Europe/Berlin", source.GetSystemDefaultId("Not/AZone", timezoneFile, localtime));
        Assert.Equal("America/Chicago", source.GetSystemDefaultId(":America/Chicago", timezoneFile, localtime));
        Assert.Equal("America/Chicago", source.GetSystemDefaultId("America/Chicago", timezoneFile, localtime));
    }

    [Fact]
    public void Missing_directory_throws_at_construction() =>
        Assert.Throws<DirectoryNotFoundException>(() => new HostTzdbSource(Path.Combine(_temp, "missing")));
}
