using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Pipeline;

namespace ObserveRtc.Functions;

/// <summary>Registers the observer's Core parts, built from the <c>ObserveRtc</c> configuration section.</summary>
internal static class ObserverServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ObserverSettings"/> from <paramref name="configuration"/> (app settings
    /// <c>ObserveRtc__…</c>), validates every part (a bad setting stops the worker at start, naming it), builds
    /// the parts once (<see cref="ObserverServices.Create"/>) and registers them as singletons.
    /// </summary>
    public static IServiceCollection AddObserveRtc(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ObserverSettings.SectionName).Get<ObserverSettings>() ?? new ObserverSettings();
        var observer = ObserverServices.Create(settings);
        services.AddSingleton(observer.Settings);
        services.AddSingleton(observer.Settings.IngestDefaults);
        services.AddSingleton(observer.ReportStore);
        services.AddSingleton(observer.Batch);
        services.AddSingleton(observer.Calls);
        services.AddSingleton(observer.Sfus);
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
