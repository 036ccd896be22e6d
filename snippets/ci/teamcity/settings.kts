// TeamCity versioned settings (.teamcity/settings.kts): build the image, scan it with Aqua
// scannercli, push it only when it complies. Two build types: Linux agents run the scanner as a
// container; Windows agents (Windows container images) get their own build type and requirement.
// %env.NAME% is a TeamCity parameter reference; TeamCity masks password parameters in build logs.
// ${'$'} is how a Kotlin raw string spells a literal $ for the shell.

import jetbrains.buildServer.configs.kotlin.*
import jetbrains.buildServer.configs.kotlin.buildSteps.powerShell
import jetbrains.buildServer.configs.kotlin.buildSteps.script
import jetbrains.buildServer.configs.kotlin.triggers.vcs

version = "2024.03"

project {
    // #region secrets
    params {
        // tokens come from Project Settings > Tokens (credentialsJSON:…); replace the placeholders
        password("env.AQUA_HOST", "credentialsJSON:00000000-0000-0000-0000-000000000001")
        password("env.AQUA_SCANNER_TOKEN", "credentialsJSON:00000000-0000-0000-0000-000000000002")
        password("env.AQUA_REG_PASSWORD", "credentialsJSON:00000000-0000-0000-0000-000000000003")
        param("env.AQUA_REG_USER", "aqua-registry-user")
        param("env.AQUA_SCANNER_VERSION", "")
    }
    // #endregion secrets
    buildType(LinuxBuildScanPush)
    buildType(WindowsBuildScan)
}

object LinuxBuildScanPush : BuildType({
    name = "Build, Aqua scan, push (Linux agent)"
    artifactRules = "aqua-reports => aqua-reports"   // published even when the build fails

    params {
        text("env.IMAGE_NAME", "registry.example.com/workshop/app:latest", label = "Image",
             description = "Image to build, scan and push (repository:tag)",
             display = ParameterDisplay.PROMPT, allowEmpty = false)
    }
    vcs { root(DslContext.settingsRoot) }
    requirements { equals("teamcity.agent.jvm.os.name", "Linux") }

    steps {
        script {
            name = "Build"
            scriptContent = """docker build -t "%env.IMAGE_NAME%" ."""
        }
        script {
            name = "Aqua scan"
            scriptContent = """
                # #region scan
                echo "%env.AQUA_REG_PASSWORD%" | docker login registry.aquasec.com -u "%env.AQUA_REG_USER%" --password-stdin
                mkdir -p aqua-reports
                rc=0
                docker run --rm -v /var/run/docker.sock:/var/run/docker.sock -v "${'$'}PWD/aqua-reports:/reports" \
                  "registry.aquasec.com/scanner:%env.AQUA_SCANNER_VERSION%" scan --host "%env.AQUA_HOST%" \
                  --local "%env.IMAGE_NAME%" --token "%env.AQUA_SCANNER_TOKEN%" \
                  --htmlfile /reports/aqua-scan.html --jsonfile /reports/aqua-scan.json || rc=${'$'}?
                # #endregion scan
                # #region exit-code
                case "${'$'}rc" in
                  0) echo "Image complies with the Aqua Image Assurance policies" ;;
                  4) echo "##teamcity[buildProblem description='Image is NOT compliant with the Aqua Image Assurance policies (exit code 4)']"; exit 4 ;;
                  *) echo "##teamcity[buildProblem description='Aqua scanner error: the image was not assessed']"; exit "${'$'}rc" ;;
                esac
                # #endregion exit-code
            """.trimIndent()
        }
        script {
            name = "Push"
            executionMode = BuildStep.ExecutionMode.RUN_ON_SUCCESS
            scriptContent = """docker push "%env.IMAGE_NAME%""""
        }
    }
    triggers { vcs { } }
})

// #region windows
// Windows container images cannot be scanned by the Linux scanner container, so this build type
// asks for a Windows agent and runs the scanner binary there. UNVERIFIED: the Windows scanner's
// file name and download location; confirm them with Aqua before the workshop.
object WindowsBuildScan : BuildType({
    name = "Build and Aqua scan (Windows agent)"
    artifactRules = "aqua-reports => aqua-reports"
    params { text("env.IMAGE_NAME", "registry.example.com/workshop/winapp:latest", label = "Image", allowEmpty = false) }
    vcs { root(DslContext.settingsRoot) }
    requirements { contains("teamcity.agent.jvm.os.name", "Windows") }
    // #endregion windows
    steps {
        powerShell {
            name = "Build and Aqua scan"
            scriptMode = script {
                content = """
                    docker build -t "%env.IMAGE_NAME%" .
                    if (${'$'}LASTEXITCODE -ne 0) { exit ${'$'}LASTEXITCODE }
                    New-Item -ItemType Directory -Force aqua-reports | Out-Null
                    & .\scannercli.exe scan --host "%env.AQUA_HOST%" --local "%env.IMAGE_NAME%" --token "%env.AQUA_SCANNER_TOKEN%" --htmlfile aqua-reports\aqua-scan.html --jsonfile aqua-reports\aqua-scan.json
                    ${'$'}rc = ${'$'}LASTEXITCODE
                    if (${'$'}rc -eq 4) { Write-Host "##teamcity[buildProblem description='Image is NOT compliant (exit code 4)']"; exit 4 }
                    if (${'$'}rc -ne 0) { Write-Host "##teamcity[buildProblem description='Aqua scanner error']"; exit ${'$'}rc }
                """.trimIndent()
            }
        }
    }
})
